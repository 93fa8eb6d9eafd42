// `rung start` without launching anything: the browser-mode fallback, the Electron-ABI better-sqlite3 build plan
// (no nodedir trap), the launch environment, the ABI check, and electron-builder.yml against electron-builder's schema.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  desktopLaunchEnv,
  electronSqliteBuildPlan,
  isBuiltForElectron,
  requireElectronInChildProcess,
  startDesktop,
  type DesktopDeps,
  type ElectronSqliteBuildPlan,
} from '../../electron/cli/desktop';

const projectRoot = resolve(__dirname, '..', '..');
const requireFromProject = createRequire(join(projectRoot, 'package.json'));
const electronVersion = (requireFromProject('electron/package.json') as { version: string }).version;
const betterSqliteVersion = (requireFromProject('better-sqlite3/package.json') as { version: string }).version;

const NOT_INSTALLED =
  'Electron failed to install correctly. Please delete `node_modules/electron` and run "npx install-electron --no" manually.';

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'rung-desktop-test-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const planInputs = () => ({
  appRoot: '/app',
  electronVersion: '45.5.0',
  abi: '150',
  betterSqliteDir: '/app/node_modules/better-sqlite3',
  betterSqliteVersion: '12.11.1',
  arch: 'x64',
  nodeGypScript: '/app/node_modules/node-gyp/bin/node-gyp.js',
  env: {},
});

const planFor = (env: NodeJS.ProcessEnv): ElectronSqliteBuildPlan => electronSqliteBuildPlan({ ...planInputs(), env });

function fakeDeps<Overrides extends Partial<DesktopDeps>>(overrides: Overrides = {} as Overrides) {
  const defaults = {
    resolveElectronBinary: vi.fn(() => process.execPath),
    ensureElectronSqlite: vi.fn(async (_plan: ElectronSqliteBuildPlan) => undefined),
    runElectron: vi.fn(async (_binary: string, _args: string[], _env: NodeJS.ProcessEnv) => 7),
    exit: vi.fn(),
  };
  return { ...defaults, ...overrides } satisfies DesktopDeps;
}

function startOptions() {
  return { appRoot: projectRoot, log: vi.fn(), fallbackToBrowser: vi.fn(async () => undefined) };
}

describe('startDesktop', () => {
  it('says in one line that Electron is missing and starts browser mode when require("electron") throws', async () => {
    const options = startOptions();
    const deps = fakeDeps({
      resolveElectronBinary: () => {
        throw new Error(NOT_INSTALLED);
      },
    });
    await startDesktop(options, deps);
    expect(options.log).toHaveBeenCalledTimes(1);
    expect(options.log).toHaveBeenCalledWith(
      'Electron runtime is not installed (Electron failed to install correctly); starting browser mode instead.',
    );
    expect(options.fallbackToBrowser).toHaveBeenCalledTimes(1);
    expect(deps.ensureElectronSqlite).not.toHaveBeenCalled();
    expect(deps.runElectron).not.toHaveBeenCalled();
  });

  it('falls back the same way when the path Electron names does not exist', async () => {
    const options = startOptions();
    const missing = join(workDir, 'no-such-electron');
    await startDesktop(options, fakeDeps({ resolveElectronBinary: () => missing }));
    expect(options.log).toHaveBeenCalledWith(
      `Electron runtime is not installed (no executable at ${missing}); starting browser mode instead.`,
    );
    expect(options.fallbackToBrowser).toHaveBeenCalledTimes(1);
  });

  it('falls back with what to install when better-sqlite3 cannot be built for Electron', async () => {
    const options = startOptions();
    const deps = fakeDeps({
      ensureElectronSqlite: vi.fn(async () => {
        throw new Error('node-gyp failed (exit code 1)');
      }),
    });
    await startDesktop(options, deps);
    const message = String(options.log.mock.calls[0]?.[0]);
    expect(message).toContain(`Could not build better-sqlite3 ${betterSqliteVersion} for Electron ${electronVersion}: node-gyp failed`);
    expect(message).toMatch(/C\+\+ toolchain/);
    expect(message).toMatch(/Python/);
    expect(message).toContain('https://electronjs.org/headers');
    expect(message).toMatch(/browser mode/);
    expect(options.fallbackToBrowser).toHaveBeenCalledTimes(1);
    expect(deps.runElectron).not.toHaveBeenCalled();
  });

  it('launches Electron on the app folder with the Electron-ABI binding and exits with its exit code', async () => {
    const options = { ...startOptions(), dbPath: join(workDir, 'lab.db') };
    const deps = fakeDeps();
    await startDesktop(options, deps);
    const [plan] = deps.ensureElectronSqlite.mock.calls[0]!;
    expect(plan.cacheFile).toBe(
      join(projectRoot, 'node_modules', '.cache', 'rung-electron-sqlite', `${electronVersion}-${betterSqliteVersion}`, 'better_sqlite3.node'),
    );
    expect(plan.sourceDir).toBe(join(projectRoot, 'node_modules', 'better-sqlite3'));
    const [binary, args, env] = deps.runElectron.mock.calls[0]!;
    expect(binary).toBe(process.execPath);
    expect(args).toEqual([projectRoot]);
    expect(env.RUNG_SQLITE_BINDING).toBe(plan.cacheFile);
    expect(env.RUNG_DB).toBe(join(workDir, 'lab.db'));
    expect(deps.exit).toHaveBeenCalledWith(7);
    expect(options.fallbackToBrowser).not.toHaveBeenCalled();
  });
});

describe('electronSqliteBuildPlan', () => {
  const npmEnv = {
    PATH: '/usr/bin',
    npm_config_nodedir: '/usr',
    NPM_CONFIG_NODEDIR: '/usr',
    npm_config_target: '20.20.2',
    npm_config_runtime: 'node',
    npm_config_dist_url: 'https://nodejs.org/dist',
    npm_package_config_node_gyp_nodedir: '/usr',
    npm_config_cache: '/root/.npm',
  };

  it('builds with node-gyp for Electron: target, arch, headers URL and runtime', () => {
    const plan = planFor(npmEnv);
    expect(plan.args).toEqual([
      '/app/node_modules/node-gyp/bin/node-gyp.js',
      'rebuild',
      '--release',
      '--target=45.5.0',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
      '--jobs=max',
    ]);
  });

  it('removes every nodedir setting from the environment (npm sets nodedir=/usr, which silently targets Node)', () => {
    const { env } = planFor(npmEnv);
    const nodedirKeys = Object.keys(env).filter((key) => /nodedir/i.test(key));
    expect(nodedirKeys).toEqual([]);
  });

  it('makes the npm_config_* settings node-gyp reads agree with its flags', () => {
    const { env } = planFor(npmEnv);
    expect(env).toMatchObject({
      npm_config_target: '45.5.0',
      npm_config_runtime: 'electron',
      npm_config_arch: 'x64',
      npm_config_disturl: 'https://electronjs.org/headers',
    });
    expect(env.npm_config_dist_url).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
    expect(env.npm_config_cache).toBe('/root/.npm');
  });

  it('caches the module per Electron and better-sqlite3 version, outside better-sqlite3/build', () => {
    const plan = planFor({});
    const cacheDir = join('/app', 'node_modules', '.cache', 'rung-electron-sqlite', '45.5.0-12.11.1');
    expect(plan.cacheDir).toBe(cacheDir);
    expect(plan.cacheFile).toBe(join(cacheDir, 'better_sqlite3.node'));
    expect(plan.cacheFile).not.toContain(join('better-sqlite3', 'build'));
  });

  it('has no build command when node-gyp cannot be found', () => {
    expect(electronSqliteBuildPlan({ ...planInputs(), nodeGypScript: undefined }).args).toBeUndefined();
  });
});

describe('desktopLaunchEnv', () => {
  it('passes the binding and database, and never ELECTRON_RUN_AS_NODE', () => {
    const env = desktopLaunchEnv({ HOME: '/home/x', ELECTRON_RUN_AS_NODE: '1' }, { sqliteBinding: '/cache/b.node', dbPath: 'lab.db' });
    expect(env).toEqual({ HOME: '/home/x', RUNG_SQLITE_BINDING: '/cache/b.node', RUNG_DB: resolve('lab.db') });
  });

  it('leaves RUNG_DB alone when no database is chosen', () => {
    expect(desktopLaunchEnv({ RUNG_DB: '/x.db' }, { sqliteBinding: '/b.node' }).RUNG_DB).toBe('/x.db');
  });
});

describe('isBuiltForElectron', () => {
  const moduleFile = (name: string, abi: string) => {
    const file = join(workDir, name);
    writeFileSync(file, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(`\0node_register_module_v${abi}\0`)]));
    return file;
  };

  it("accepts a module registered for Electron's ABI and refuses one built for Node's", () => {
    expect(isBuiltForElectron(moduleFile('electron.node', '150'), '150')).toBe(true);
    expect(isBuiltForElectron(moduleFile('node.node', process.versions.modules), '150')).toBe(false);
    expect(isBuiltForElectron(moduleFile('older-electron.node', '140'), '150')).toBe(false);
  });

  it('without an ABI number, refuses a module built for this Node', () => {
    expect(isBuiltForElectron(moduleFile('node2.node', process.versions.modules), undefined)).toBe(false);
    expect(isBuiltForElectron(moduleFile('other.node', '150'), undefined)).toBe(true);
  });

  it("tells this project's own better-sqlite3 build (Node ABI) apart from an Electron one", () => {
    const nodeBuild = join(projectRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(isBuiltForElectron(nodeBuild, readFileSync(requireFromProject.resolve('electron/abi_version'), 'utf8').trim())).toBe(false);
  });
});

describe('requireElectronInChildProcess', () => {
  /** An app folder whose node_modules/electron is a stand-in, so no download is ever attempted. */
  const appWithElectron = (name: string, indexJs: string) => {
    const appRoot = join(workDir, name);
    mkdirSync(join(appRoot, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(appRoot, 'package.json'), '{"name":"app"}');
    writeFileSync(join(appRoot, 'node_modules', 'electron', 'index.js'), indexJs);
    return appRoot;
  };

  it('returns the path require("electron") gives, whatever else the package prints', () => {
    const appRoot = appWithElectron('installed', "console.log('noise'); module.exports = '/opt/electron/electron';");
    expect(requireElectronInChildProcess(appRoot)).toBe('/opt/electron/electron');
  });

  it("throws the package's own error when require('electron') throws, keeping its output off the terminal", () => {
    const appRoot = appWithElectron(
      'missing',
      `console.log('Downloading Electron binary...'); console.error('TypeError: fetch failed'); throw new Error(${JSON.stringify(NOT_INSTALLED)});`,
    );
    expect(() => requireElectronInChildProcess(appRoot)).toThrow(NOT_INSTALLED);
  });
});

describe('electron-builder.yml', () => {
  const loadYaml = (requireFromProject('js-yaml') as { load: (text: string) => unknown }).load;
  const config = loadYaml(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

  it("is valid against electron-builder's own schema", async () => {
    const { validateConfiguration } = requireFromProject('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('names the app and ships only the build output', () => {
    expect(config).toMatchObject({ appId: 'org.rung.app', productName: 'Rung', directories: { output: 'dist' }, npmRebuild: true });
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('unpacks native modules from the asar', () => {
    expect(config.asarUnpack).toEqual(['**/*.node']);
  });

  it('builds AppImage and deb (Science) on Linux, NSIS on Windows, DMG on macOS', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Science' });
    expect(config.win).toMatchObject({ target: 'nsis' });
    expect(config.mac).toMatchObject({ target: 'dmg' });
  });
});
