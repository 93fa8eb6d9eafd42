// `rung start`: opens the Electron desktop app, or browser mode where the Electron runtime is not installed.
// Keeps a better-sqlite3 built for Electron's ABI in a cache of its own, beside the Node build that tests and the CLI use.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface StartDesktopOptions {
  /** Database file for the desktop app (passed on as RUNG_DB); the app's default when absent. */
  dbPath?: string;
  /** Serves the same UI in browser mode; called when the desktop app cannot start. */
  fallbackToBrowser: () => Promise<void>;
  log: (text: string) => void;
  /** The app folder: package.json with main = out/main/index.js. Defaults to this project. */
  appRoot?: string;
}

export interface DesktopDeps {
  /** Like `require('electron')` from appRoot: the Electron binary's path, or throws when the runtime is not installed. */
  resolveElectronBinary: (appRoot: string) => string;
  /** Makes sure plan.cacheFile holds a better-sqlite3 built for Electron; throws with a reason when it cannot. */
  ensureElectronSqlite: (plan: ElectronSqliteBuildPlan, log: (text: string) => void) => Promise<void>;
  /** Runs Electron with inherited stdio and resolves to its exit code. */
  runElectron: (binary: string, args: string[], env: NodeJS.ProcessEnv) => Promise<number>;
  exit: (code: number) => void;
}

export interface ElectronSqliteBuildPlan {
  electronVersion: string;
  betterSqliteVersion: string;
  /** Electron's NODE_MODULE_VERSION (node_modules/electron/abi_version), when the package ships it. */
  abi: string | undefined;
  /** The better-sqlite3 package whose sources are built (never built in place). */
  sourceDir: string;
  cacheDir: string;
  cacheFile: string;
  stampFile: string;
  /** Run with process.execPath in a copy of sourceDir; undefined when no node-gyp could be found. */
  args: string[] | undefined;
  env: NodeJS.ProcessEnv;
}

const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
/** electron/cli/desktop.ts and its build, out/node/cli.js, both sit two folders below the project root. */
const PROJECT_ROOT = resolve(__dirname, '..', '..');
/** What node-gyp needs to build better-sqlite3 from its package. */
const BETTER_SQLITE_SOURCES = ['package.json', 'binding.gyp', 'src', 'deps', 'lib'];
/** node-gyp settings that npm passes through the environment and node-gyp lets override its flags. */
const NODE_GYP_TARGET_SETTINGS = new Set(['nodedir', 'target', 'arch', 'dist-url', 'disturl', 'runtime']);

export async function startDesktop(options: StartDesktopOptions, deps: DesktopDeps = defaultDesktopDeps): Promise<void> {
  const appRoot = options.appRoot ?? PROJECT_ROOT;
  const electron = locateElectron(deps.resolveElectronBinary, appRoot);
  if (!electron.ok) {
    options.log(`Electron runtime is not installed (${electron.reason}); starting browser mode instead.`);
    return options.fallbackToBrowser();
  }
  const plan = electronSqliteBuildPlan({
    appRoot,
    electronVersion: readPackageVersion(appRoot, 'electron'),
    abi: readElectronAbi(appRoot),
    betterSqliteDir: packageDir(appRoot, 'better-sqlite3'),
    betterSqliteVersion: readPackageVersion(appRoot, 'better-sqlite3'),
    arch: process.arch,
    nodeGypScript: findNodeGyp(appRoot),
    env: process.env,
  });
  try {
    await deps.ensureElectronSqlite(plan, options.log);
  } catch (error) {
    options.log(sqliteBuildFailureMessage(plan, error));
    return options.fallbackToBrowser();
  }
  const env = desktopLaunchEnv(process.env, { sqliteBinding: plan.cacheFile, dbPath: options.dbPath });
  deps.exit(await deps.runElectron(electron.binary, [appRoot], env));
}

function locateElectron(
  resolveBinary: (appRoot: string) => string,
  appRoot: string,
): { ok: true; binary: string } | { ok: false; reason: string } {
  let binary: string;
  try {
    binary = resolveBinary(appRoot);
  } catch (error) {
    return { ok: false, reason: shortReason(error) };
  }
  return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `no executable at ${binary}` };
}

/** The first sentence of an error, for a one-line message. */
function shortReason(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  const firstLine = message.split('\n')[0] ?? '';
  const firstSentence = firstLine.split(/\.\s/)[0]?.replace(/\.$/, '') ?? '';
  return firstSentence || 'unknown error';
}

export function electronSqliteBuildPlan(input: {
  appRoot: string;
  electronVersion: string;
  abi: string | undefined;
  betterSqliteDir: string;
  betterSqliteVersion: string;
  arch: string;
  nodeGypScript: string | undefined;
  env: NodeJS.ProcessEnv;
}): ElectronSqliteBuildPlan {
  const cacheDir = join(
    input.appRoot,
    'node_modules',
    '.cache',
    'rung-electron-sqlite',
    `${input.electronVersion}-${input.betterSqliteVersion}`,
  );
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(input.env)) {
    if (!NODE_GYP_TARGET_SETTINGS.has(nodeGypSettingName(key) ?? '')) env[key] = value;
  }
  // node-gyp lets npm_config_* override its command-line flags, so they must say the same thing.
  Object.assign(env, {
    npm_config_runtime: 'electron',
    npm_config_target: input.electronVersion,
    npm_config_arch: input.arch,
    npm_config_disturl: ELECTRON_HEADERS_URL,
  });
  return {
    electronVersion: input.electronVersion,
    betterSqliteVersion: input.betterSqliteVersion,
    abi: input.abi,
    sourceDir: input.betterSqliteDir,
    cacheDir,
    cacheFile: join(cacheDir, 'better_sqlite3.node'),
    stampFile: join(cacheDir, 'stamp.json'),
    args: input.nodeGypScript
      ? [
          input.nodeGypScript,
          'rebuild',
          '--release',
          `--target=${input.electronVersion}`,
          `--arch=${input.arch}`,
          `--dist-url=${ELECTRON_HEADERS_URL}`,
          '--runtime=electron',
          '--jobs=max',
        ]
      : undefined,
    env,
  };
}

/** The node-gyp setting an environment variable carries (npm_config_nodedir → "nodedir"), or undefined. */
function nodeGypSettingName(key: string): string | undefined {
  const match = /^(?:npm_config_|npm_package_config_node_gyp_)(.+)$/i.exec(key);
  return match?.[1]?.replaceAll('_', '-').toLowerCase();
}

/** The Electron process's environment: the Electron-ABI binding, the chosen database, and never run-as-node. */
export function desktopLaunchEnv(
  env: NodeJS.ProcessEnv,
  options: { sqliteBinding: string; dbPath?: string },
): NodeJS.ProcessEnv {
  const launchEnv: NodeJS.ProcessEnv = { ...env, RUNG_SQLITE_BINDING: options.sqliteBinding };
  delete launchEnv.ELECTRON_RUN_AS_NODE;
  if (options.dbPath) launchEnv.RUNG_DB = resolve(options.dbPath);
  return launchEnv;
}

/**
 * A native module registers itself as `node_register_module_v<ABI>`, so the file says which runtime it was built for.
 * Without Electron's ABI number, it must at least not be built for this Node.
 */
export function isBuiltForElectron(file: string, abi: string | undefined): boolean {
  const binary = readFileSync(file);
  if (abi) return binary.includes(`node_register_module_v${abi}`);
  return !binary.includes(`node_register_module_v${process.versions.modules}`);
}

async function ensureElectronSqlite(plan: ElectronSqliteBuildPlan, log: (text: string) => void): Promise<void> {
  if (existsSync(plan.cacheFile) && isBuiltForElectron(plan.cacheFile, plan.abi)) return;
  if (!plan.args) throw new Error('node-gyp was not found (it comes with npm)');
  log(`Building better-sqlite3 ${plan.betterSqliteVersion} for Electron ${plan.electronVersion} (once; about a minute)...`);
  const workDir = mkdtempSync(join(tmpdir(), 'rung-electron-sqlite-'));
  try {
    for (const entry of BETTER_SQLITE_SOURCES) cpSync(join(plan.sourceDir, entry), join(workDir, entry), { recursive: true });
    const build = await runCaptured(process.execPath, plan.args, workDir, plan.env);
    if (build.code !== 0) throw new Error(`node-gyp failed (exit code ${build.code})\n${errorLines(build.output)}`);
    const built = join(workDir, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error(`node-gyp reported success but ${built} is missing`);
    if (!isBuiltForElectron(built, plan.abi)) {
      throw new Error(`the module was built for another runtime, not Electron ${plan.electronVersion} (ABI ${plan.abi ?? 'unknown'})`);
    }
    mkdirSync(plan.cacheDir, { recursive: true });
    const partial = `${plan.cacheFile}.${process.pid}.partial`;
    copyFileSync(built, partial);
    renameSync(partial, plan.cacheFile);
    const stamp = { electronVersion: plan.electronVersion, betterSqliteVersion: plan.betterSqliteVersion, abi: plan.abi ?? null };
    writeFileSync(plan.stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function sqliteBuildFailureMessage(plan: ElectronSqliteBuildPlan, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return [
    `Could not build better-sqlite3 ${plan.betterSqliteVersion} for Electron ${plan.electronVersion}: ${reason}`,
    'The desktop app needs this once. It takes a C++ toolchain (make and g++; Xcode command-line tools on macOS;',
    `Visual Studio Build Tools on Windows), Python 3, and network access to ${ELECTRON_HEADERS_URL} for Electron's headers.`,
    'Starting browser mode instead.',
  ].join('\n');
}

/** The lines of a node-gyp log that say what went wrong: its errors and the compiler's, without stacks or environment dumps. */
function errorLines(output: string): string {
  const noise = /^gyp ERR! (stack\s+at |System |command |cwd |node -v |node-gyp -v |not ok|\$npm_)/;
  return output
    .split('\n')
    .filter((line) => (line.startsWith('gyp ERR!') && !noise.test(line)) || /\berror:/i.test(line))
    .slice(0, 8)
    .join('\n');
}

function runCaptured(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  const keep = 256 * 1024;
  return new Promise((done) => {
    let output = '';
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-keep);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => done({ code: -1, output: `error: ${error.message}` }));
    child.on('close', (code) => done({ code: code ?? -1, output }));
  });
}

/**
 * `require('electron')` in a child Node: in Electron 45 the require itself tries to download a missing binary
 * and prints its progress and stack traces, which would drown the one line `rung start` prints instead.
 */
export function requireElectronInChildProcess(appRoot: string): string {
  const script = [
    'let answer;',
    "try { answer = { path: require('electron') }; }",
    'catch (error) { answer = { error: String((error && error.message) || error) }; }',
    "process.stdout.write('\\n' + JSON.stringify(answer));",
  ].join(' ');
  const child = spawnSync(process.execPath, ['-e', script], {
    cwd: appRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60_000,
  });
  const lastLine = child.stdout?.trimEnd().split('\n').pop() ?? '';
  let answer: { path?: unknown; error?: unknown } = {};
  try {
    answer = JSON.parse(lastLine) as typeof answer;
  } catch {
    throw new Error(child.error?.message ?? `could not run Node to look for Electron (exit code ${child.status})`);
  }
  if (typeof answer.path === 'string') return answer.path;
  throw new Error(String(answer.error ?? 'require("electron") gave no path'));
}

function runElectron(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(binary, args, { env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const stopForwarding = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.on('error', (error) => {
      stopForwarding();
      fail(error);
    });
    child.on('exit', (code, signal) => {
      stopForwarding();
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

function packageDir(appRoot: string, name: string): string {
  return dirname(createRequire(join(appRoot, 'package.json')).resolve(`${name}/package.json`));
}

function readPackageVersion(appRoot: string, name: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDir(appRoot, name), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function readElectronAbi(appRoot: string): string | undefined {
  const file = join(packageDir(appRoot, 'electron'), 'abi_version');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/** node-gyp from this project's node_modules, else the copy bundled with npm. */
function findNodeGyp(appRoot: string): string | undefined {
  try {
    return createRequire(join(appRoot, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmCli = process.env.npm_execpath;
    const candidates = [
      npmCli && join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    ];
    return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)));
  }
}

const defaultDesktopDeps: DesktopDeps = {
  resolveElectronBinary: requireElectronInChildProcess,
  ensureElectronSqlite,
  runElectron,
  exit: (code) => process.exit(code),
};
