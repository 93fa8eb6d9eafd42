// Command-line parsing for `rung`: each command's options and help text, and a usage error type.
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; description: string; value?: string; multiple?: boolean };

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** How many positional arguments: exact count (or at most this many, with minPositionals). */
  positionals: number;
  minPositionals?: number;
}

const db: OptionSpec = { type: 'string', value: 'PATH', description: 'database file (default: $RUNG_DB, else the per-user data folder)' };
const json: OptionSpec = { type: 'boolean', description: 'print JSON instead of text' };
const help: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };
const precision: OptionSpec = {
  type: 'string',
  value: 'P',
  description: 'fp32 (default) or bf16: an embedding model\'s first layer on Intel AMX in bfloat16, FP32 sums and weights (rewards within ~1%; text models stay FP32)',
};

export const commands: Record<string, CommandSpec> = {
  import: {
    name: 'import',
    summary: 'import a dataset file (TRL, HH-RLHF, PandaLM, LLMBar, Rung JSONL, or any pairwise file by mapping its fields; .gz and Parquet accepted)',
    usage:
      'rung import FILE [--format auto|trl|hh-rlhf|pandalm|llmbar|rung] [--db PATH] [--json]  |  rung import FILE --format mapped --prompt FIELD --a FIELD --b FIELD [--label FIELD --label-values "0=a,1=b,2=tie"] [--db PATH] [--json]',
    options: {
      format: { type: 'string', value: 'NAME', description: 'input format (default: auto); mapped: the fields named by --prompt, --a, --b and --label' },
      prompt: { type: 'string', value: 'FIELD', description: 'with --format mapped: the field that holds the prompt' },
      a: { type: 'string', value: 'FIELD', description: 'with --format mapped: the field that holds response A' },
      b: { type: 'string', value: 'FIELD', description: 'with --format mapped: the field that holds response B' },
      label: { type: 'string', value: 'FIELD', description: 'with --format mapped: the field whose value says which response wins (without it the comparisons come unjudged)' },
      'label-values': {
        type: 'string',
        value: 'MAP',
        description: 'with --label: VALUE=a|b|tie pairs separated by commas, e.g. "0=a,1=b,2=tie"; 1 is a number, "1" (quoted) a string',
      },
      db,
      json,
      help,
    },
    positionals: 1,
  },
  export: {
    name: 'export',
    summary: 'export judgments as TRL JSONL with provenance, or as CSV (with each judgment\'s verdicts per criterion)',
    usage: 'rung export [--format trl-jsonl|judgments-csv] [--dataset ID] [--run RUN --criterion KEY] [--out FILE] [--db PATH]',
    options: {
      format: { type: 'string', value: 'NAME', description: 'trl-jsonl (default) or judgments-csv' },
      dataset: { type: 'string', value: 'ID', description: 'only this dataset' },
      run: { type: 'string', value: 'RUN', description: 'with --criterion: the run (id or name) whose rubric holds the criterion' },
      criterion: { type: 'string', value: 'KEY', description: "label with this criterion's verdicts (chosen/rejected, choice) instead of the overall one; judgments without one are left out" },
      out: { type: 'string', short: 'o', value: 'FILE', description: 'write here instead of standard output' },
      db,
      help,
    },
    positionals: 0,
  },
  stats: {
    name: 'stats',
    summary: 'count comparisons, judgments, evaluators, models and flags',
    usage: 'rung stats [--json] [--db PATH]',
    options: { db, json, help },
    positionals: 0,
  },
  serve: {
    name: 'serve',
    summary: 'serve the app in a browser on 127.0.0.1 (prints the URL with its access token)',
    usage: 'rung serve [--port N] [--db PATH]',
    options: { port: { type: 'string', value: 'N', description: 'port on 127.0.0.1 (default 0: a free port)' }, db, help },
    positionals: 0,
  },
  train: {
    name: 'train',
    summary: 'train a reward model on the human judgments in the database and store it',
    usage:
      'rung train [--run RUN --layer K [--layer-weight I=W ...] [--criterion KEY]] [--combine majority|reliability] [--include-simulated] [--include-model-judgments] [--db PATH] [--holdout 0.2] [--folds K] [--device auto|cpu|cuda] [--precision fp32|bf16] [--encoder NAME] [--seed N] [--json]',
    options: {
      run: { type: 'string', value: 'RUN', description: 'train RMk of this run (id or name) on its layers 0..k' },
      layer: { type: 'string', value: 'K', description: 'the layer k, with --run' },
      'layer-weight': { type: 'string', value: 'I=W', multiple: true, description: 'weight W (≥ 0; 0 leaves it out) of layer I\'s comparisons (default 1; repeatable)' },
      criterion: { type: 'string', value: 'KEY', description: "with --run: learn this criterion of the run's rubric (each judgment's verdict on it; judgments without one are left out)" },
      combine: { type: 'string', value: 'RULE', description: 'several verdicts on one comparison: majority (default) or reliability (evaluators weighted by agreement with the others)' },
      'include-simulated': { type: 'boolean', description: 'also learn from simulated evaluators\' judgments (default: people only)' },
      'include-model-judgments': { type: 'boolean', description: 'also learn from model judgments such as auto-labels (default: never)' },
      holdout: { type: 'string', value: 'F', description: 'share of comparisons held out, whole prompts at a time (default 0.2)' },
      folds: { type: 'string', value: 'K', description: 'also report K-fold cross-validation by prompt on the training part' },
      device: { type: 'string', value: 'NAME', description: 'auto (default), cpu or cuda' },
      precision,
      encoder: { type: 'string', value: 'NAME', description: "a registered encoder (`rung encoder list`): features from its embeddings of prompt and response instead of hashed words" },
      seed: { type: 'string', value: 'N', description: 'random seed: the same seed gives the same model (default 1)' },
      db,
      json,
      help,
    },
    positionals: 0,
  },
  score: {
    name: 'score',
    summary: 'score the comparisons in the database with a stored reward model',
    usage: 'rung score [--db PATH] [--model ID] [--dataset ID | --file FILE] [--precision fp32|bf16] [--json]',
    options: {
      model: { type: 'string', value: 'ID', description: 'model id (default: the active model)' },
      precision,
      dataset: { type: 'string', value: 'ID', description: 'only this dataset' },
      file: { type: 'string', value: 'FILE', description: 'score the comparisons of this dataset file instead (any import format; nothing is stored)' },
      db,
      json,
      help,
    },
    positionals: 0,
  },
  model: {
    name: 'model',
    summary: 'list the stored reward models (with how each was trained), rename one or note it, or export one as model.safetensors (PyTorch layout) and config.json',
    usage: 'rung model list [--run RUN] [--db PATH] [--json]  |  rung model edit ID [--name NAME] [--notes TEXT] [--db PATH] [--json]  |  rung model export ID --out DIR [--db PATH] [--json]',
    options: {
      run: { type: 'string', value: 'RUN', description: 'list: only the models of this run (id or name)' },
      name: { type: 'string', value: 'NAME', description: "edit: the model's new name" },
      notes: { type: 'string', value: 'TEXT', description: "edit: the model's notes (an empty text clears them)" },
      out: { type: 'string', value: 'DIR', description: 'export: the folder to write model.safetensors and config.json into (created if missing; one holding either is refused)' },
      db,
      json,
      help,
    },
    positionals: 2,
    minPositionals: 1,
  },
  metrics: {
    name: 'metrics',
    summary: "per-layer metrics of a run: labels used and saved, accuracy with and without assistance, time, over-trust, RMk's accuracy, calibration and cost curve",
    usage: 'rung metrics --run RUN [--json | --csv] [--db PATH]',
    options: { run: { type: 'string', value: 'RUN', description: 'the run (id or name)' }, json, csv: { type: 'boolean', description: 'print CSV, one row per layer' }, db, help },
    positionals: 0,
  },
  check: {
    name: 'check',
    summary: 'run the consistency checks and print the open flags per kind',
    usage: 'rung check [--db PATH] [--json]',
    options: { db, json, help },
    positionals: 0,
  },
  demo: {
    name: 'demo',
    summary: 'load the built-in demo dataset (word problems with planted wrong steps, three layers), or simulate the loop on it',
    usage:
      'rung demo load [--db PATH] [--json]  |  rung demo --simulate [--db PATH] [--scale N] [--base-error F] [--error-per-step F] [--assisted-factor F] [--overtrust P] [--rm0-bias none|length|step-blind [--rm0-bias-share F]] [--target E] [--confidence C] [--audit F] [--device auto|cpu|cuda] [--json]',
    options: {
      simulate: {
        type: 'boolean',
        description:
          'run the recursive loop on the demo ladder with three simulated evaluators (marked simulated): per layer all three judge the first half, RMk is trained, deferral routes the rest, all three answer the audits and one each queued comparison; prints a table per layer. Needs an empty database: --db NEW_FILE, else a new temporary one (its path is printed)',
      },
      scale: {
        type: 'string',
        value: 'N',
        description:
          'with --simulate: N times the demo\'s 120/80/40 comparisons per layer (default 10). At 1 the risk bound can never certify a 5% error at 95% confidence (its test starts at 93 held-out pairs above the threshold)',
      },
      'base-error': { type: 'string', value: 'F', description: "with --simulate: each simulated evaluator's chance of a wrong verdict on a one-step item (default 0.05)" },
      'error-per-step': { type: 'string', value: 'F', description: 'with --simulate: added chance of a wrong verdict per further step (default 0.04)' },
      'assisted-factor': { type: 'string', value: 'F', description: 'with --simulate: the chance of a wrong verdict is multiplied by F when the assistance marks the wrong step as weak (default 0.333)' },
      overtrust: { type: 'string', value: 'P', description: 'with --simulate: the chance of following assistance that favours the wrong side, whatever the evaluator saw (default 0)' },
      'rm0-bias': {
        type: 'string',
        value: 'KIND',
        description:
          "with --simulate: a bias planted in RM0's seed labels, apart from the evaluators: none (default), length (the longer response wins) or step-blind (a slip in a multiplication step goes unseen: a coin flip)",
      },
      'rm0-bias-share': { type: 'string', value: 'F', description: 'with --rm0-bias: the share of the layer-0 seed items it can touch that the bias decides (default 0.5)' },
      target: { type: 'string', value: 'E', description: 'with --simulate: auto-label error deferral must stay under (default 0.05)' },
      confidence: { type: 'string', value: 'C', description: 'with --simulate: confidence of that guarantee (default 0.95)' },
      audit: { type: 'string', value: 'F', description: 'with --simulate: share of auto-labels audited (default 0.05)' },
      device: { type: 'string', value: 'NAME', description: 'with --simulate: training device, auto (default), cpu or cuda' },
      db,
      json,
      help,
    },
    positionals: 1,
    minPositionals: 0,
  },
  route: {
    name: 'route',
    summary: "defer a layer's pending comparisons: auto-label where its reward model is confident, audit a share, queue the rest for people",
    usage:
      'rung route --run RUN --layer K [--target 0.05] [--confidence 0.95] [--audit 0.05] [--calibrate-on this-layer|lower-layers-too] [--model ID] [--seed N] [--include-simulated] [--db PATH] [--json]  |  rung route --run RUN --layer K --list [--route auto|audit|human] [--offset N] [--limit 100] [--db PATH] [--json]',
    options: {
      run: { type: 'string', value: 'RUN', description: 'the run (id or name)' },
      layer: { type: 'string', value: 'K', description: 'the layer k; its active model RMk routes (train it first)' },
      target: { type: 'string', value: 'E', description: 'auto-label error to stay under (default 0.05), certified on held-out human judgments' },
      confidence: { type: 'string', value: 'C', description: 'confidence of that guarantee (default 0.95)' },
      audit: { type: 'string', value: 'F', description: 'share of auto-labels also sent to people as audits (default 0.05)' },
      'calibrate-on': {
        type: 'string',
        value: 'SCOPE',
        description:
          "held-out pairs that certify the threshold: this-layer (default: layer k's own, exchangeable with its pending comparisons) or lower-layers-too (layers 0..k: more pairs, but easier ones stand in for layer k's)",
      },
      model: { type: 'string', value: 'ID', description: "route with this model of the run instead of the layer's active one" },
      seed: { type: 'string', value: 'N', description: 'seed of the audit draw (default 1)' },
      'include-simulated': { type: 'boolean', description: "count simulated evaluators' verdicts as human labels (default: as the model was trained)" },
      list: { type: 'boolean', description: 'route nothing: list the routed comparisons, most confident first, with P(A ≻ B), the threshold, the auto-label and what people answered' },
      route: { type: 'string', value: 'ROUTE', description: 'with --list: only those routed auto, audit or human' },
      offset: { type: 'string', value: 'N', description: 'with --list: skip the first N (default 0)' },
      limit: { type: 'string', value: 'N', description: 'with --list: at most N (default 100, at most 500)' },
      db,
      json,
      help,
    },
    positionals: 0,
  },
  encoder: {
    name: 'encoder',
    summary: 'register a pretrained text encoder folder (BERT family, Hugging Face layout), list or remove them',
    usage: 'rung encoder add DIR [--name NAME] [--db PATH] [--json]  |  rung encoder list [--db PATH] [--json]  |  rung encoder remove NAME [--db PATH]',
    options: { name: { type: 'string', value: 'NAME', description: 'with add: the name to register it under (default: the folder\'s name)' }, db, json, help },
    positionals: 2,
    minPositionals: 1,
  },
  embed: {
    name: 'embed',
    summary: "print the pooled vector of each text of a JSONL file ({\"text\": …} per line) from a registered encoder, through the embedding cache",
    usage: 'rung embed --encoder NAME --file TEXTS.jsonl [--json] [--db PATH]',
    options: {
      encoder: { type: 'string', value: 'NAME', description: 'a registered encoder (`rung encoder list`)' },
      file: { type: 'string', value: 'FILE', description: 'JSONL, one {"text": "…"} per line; prints one line per text, its numbers separated by spaces' },
      db,
      json: { type: 'boolean', description: 'print {"text": …, "embedding": […]} per line instead' },
      help,
    },
    positionals: 0,
  },
  dataset: {
    name: 'dataset',
    summary: 'list the imported datasets (comparisons, imported judgments, verdicts given in Rung), rename one or delete one',
    usage:
      'rung dataset list [--db PATH] [--json]  |  rung dataset rename ID_OR_NAME NEW_NAME [--db PATH] [--json]  |  rung dataset delete ID_OR_NAME [--with-judgments] [--yes] [--db PATH] [--json]',
    options: {
      'with-judgments': { type: 'boolean', description: 'delete: also delete the verdicts others gave on the comparisons that go (else refused while there are any)' },
      yes: { type: 'boolean', description: 'delete: delete it (without --yes the plan is printed and nothing changes)' },
      db,
      json,
      help,
    },
    positionals: 3,
    minPositionals: 1,
  },
  run: {
    name: 'run',
    summary: "create a run (a ladder: its layers, each a rule over the comparisons) or list the runs",
    usage: 'rung run create --name NAME (--layer "NAME=RULE")... [--criterion "KEY=LABEL"]... [--criterion-description "KEY=TEXT"]... [--description TEXT] [--db PATH] [--json]  |  rung run list [--db PATH] [--json]',
    options: {
      name: { type: 'string', value: 'NAME', description: 'the run\'s name' },
      layer: {
        type: 'string',
        value: '"NAME=RULE"',
        multiple: true,
        description:
          'a layer, in order from layer 0 (repeatable); RULE is dataset=NAME_OR_ID, layer=N, length<=N, length>=N, length=N..M (both responses\' characters), segments>=N, segments<=N, segments=N..M or meta.KEY=VALUE[,VALUE…]',
      },
      criterion: {
        type: 'string',
        value: '"KEY=LABEL"',
        multiple: true,
        description:
          'a criterion of the run\'s rubric, in order (repeatable, up to 8): each verdict then gives one verdict per criterion, the first being the judgment\'s own; KEY is a lower-case letter, then lower-case letters, digits, _ or - (32 at most); fixed once the run is made',
      },
      'criterion-description': {
        type: 'string',
        value: '"KEY=TEXT"',
        multiple: true,
        description: 'what a criterion of --criterion asks, shown to evaluators beside it (repeatable, once per KEY; 500 characters at most)',
      },
      description: { type: 'string', value: 'TEXT', description: 'what the run is for' },
      db,
      json,
      help,
    },
    positionals: 1,
  },
  experiment: {
    name: 'experiment',
    summary: 'the oversight report: simulated ladders swept over seeds (assistance on/off, a bias planted in RM0, over-trust), five claims with 95% intervals',
    usage: 'rung experiment [--preset quick|full] [--seeds N] [--scale N] --out DIR [--device auto|cpu|cuda] [--json]',
    options: {
      preset: {
        type: 'string',
        value: 'NAME',
        description: 'quick (default: 4 conditions × 3 seeds at scale 5, about 2 minutes on 2 cores) or full (7 conditions × 10 seeds at scale 10, about 20 minutes)',
      },
      seeds: { type: 'string', value: 'N', description: "runs of each condition, each with its own evaluators' seeds (default the preset's; at least 2)" },
      scale: { type: 'string', value: 'N', description: "times the demo's 120/80/40 comparisons per layer (default the preset's)" },
      out: { type: 'string', value: 'DIR', description: 'the folder to write results.json, results.csv and report.html into (created if missing; one holding a report is refused)' },
      device: { type: 'string', value: 'NAME', description: 'training device: auto (default), cpu or cuda' },
      json,
      help,
    },
    positionals: 0,
  },
  assign: {
    name: 'assign',
    summary: "assign a run layer's (or a dataset's, or a saved filter's) comparisons to evaluators, each judged by --overlap of them",
    usage:
      'rung assign (--run RUN --layer K | --dataset DATASET | --filter NAME) (--evaluator NAME)... [--overlap N] [--seed S] [--quota N] [--quota-for NAME=N]... [--deadline ISO] [--out DIR] [--db PATH] [--json]',
    options: {
      run: { type: 'string', value: 'RUN', description: 'the run (id or name) whose layer is assigned' },
      layer: { type: 'string', value: 'K', description: 'the layer k, with --run' },
      dataset: { type: 'string', value: 'DATASET', description: "instead of a run's layer: a dataset (id or name)" },
      filter: { type: 'string', value: 'NAME', description: "instead: a filter saved in the Data page's record browser, by name (the comparisons it matches now)" },
      evaluator: { type: 'string', value: 'NAME', multiple: true, description: 'an evaluator (name or id) to give work to (repeatable; each once)' },
      overlap: { type: 'string', value: 'N', description: 'how many evaluators judge each comparison (default 1; at most the number of evaluators)' },
      seed: { type: 'string', value: 'S', description: 'seed of the draw: the same inputs and seed give the same assignment (default 1)' },
      quota: { type: 'string', value: 'N', description: 'the most comparisons one evaluator gets (default: no limit; comparisons that cannot get N evaluators are left out)' },
      'quota-for': { type: 'string', value: 'NAME=N', multiple: true, description: "one --evaluator's own quota, instead of --quota (repeatable; each evaluator once)" },
      deadline: { type: 'string', value: 'ISO', description: 'when the work is due: 2026-12-31 or 2026-12-31T17:00:00Z' },
      out: { type: 'string', value: 'DIR', description: "write each evaluator's work bundle (their comparisons; with --run, the run's layer rules and assisting model too) into this folder" },
      db,
      json,
      help,
    },
    positionals: 0,
  },
  bundle: {
    name: 'bundle',
    summary: "move results between workstations: write an evaluator's results bundle, or inspect or import a work or results bundle (signed files)",
    usage:
      'rung bundle export --evaluator NAME [--since ISO] --out FILE [--db PATH] [--json]  |  rung bundle inspect FILE [--db PATH] [--json]  |  rung bundle import FILE [--trust [--name NAME]] [--dry-run] [--db PATH] [--json]',
    options: {
      evaluator: { type: 'string', value: 'NAME', description: 'with export: the evaluator whose judgments (and retractions) the bundle carries' },
      since: { type: 'string', value: 'ISO', description: 'with export: only what was judged, undone or excluded since this time (e.g. 2026-05-01T00:00:00Z)' },
      out: { type: 'string', short: 'o', value: 'FILE', description: 'with export: the bundle file to write' },
      trust: { type: 'boolean', description: "with import: accept the signer's key if this database does not know it yet (check its fingerprint first)" },
      name: { type: 'string', value: 'NAME', description: 'with --trust: the name to remember that key under' },
      'dry-run': { type: 'boolean', description: 'with import: show the signer and what it would add, write nothing (as inspect does)' },
      db,
      json,
      help,
    },
    positionals: 2,
    minPositionals: 1,
  },
  guidelines: {
    name: 'guidelines',
    summary: "show or set the guidelines (Markdown) evaluators read beside a dataset's or a run layer's comparisons",
    usage: 'rung guidelines show (--dataset DATASET | --run RUN --layer K) [--db PATH] [--json]  |  rung guidelines set (--dataset DATASET | --run RUN --layer K) --file FILE.md [--db PATH] [--json]',
    options: {
      dataset: { type: 'string', value: 'DATASET', description: "a dataset's guidelines (id or name)" },
      run: { type: 'string', value: 'RUN', description: "a run's layer's guidelines (id or name), with --layer" },
      layer: { type: 'string', value: 'K', description: 'the layer k, with --run' },
      file: { type: 'string', value: 'FILE', description: 'with set: the Markdown file to store (at most 64 KiB; an empty file removes them)' },
      db,
      json,
      help,
    },
    positionals: 1,
  },
  scores: {
    name: 'scores',
    summary: "import a lab's own reward model's scores (JSONL: a comparison id or its texts, reward_a, reward_b, optional std_a, std_b) as an external model",
    usage: 'rung scores import FILE --name NAME [--run RUN --layer K] [--skip-unmatched] [--db PATH] [--json]',
    options: {
      name: { type: 'string', value: 'NAME', description: 'the name the model goes by in Rung (one no other model has)' },
      run: { type: 'string', value: 'RUN', description: "make it the active model of this run's layer (id or name), with --layer" },
      layer: { type: 'string', value: 'K', description: 'the layer k, with --run' },
      'skip-unmatched': { type: 'boolean', description: 'leave out (and count) lines whose comparison is not in the database, instead of refusing the file' },
      db,
      json,
      help,
    },
    positionals: 2,
    minPositionals: 1,
  },
  keys: {
    name: 'keys',
    summary: "this workstation's bundle-signing key, and the other workstations' keys it trusts",
    usage: 'rung keys show [--db PATH] [--json]  |  rung keys trust BUNDLE_FILE [--name NAME] [--db PATH]  |  rung keys revoke WORKSTATION_ID|SHA256:… [--db PATH]',
    options: { name: { type: 'string', value: 'NAME', description: 'with trust: the name to remember the key under' }, db, json, help },
    positionals: 2,
    minPositionals: 1,
  },
  filters: {
    name: 'filters',
    summary: "list or delete the filters saved in the Data page's record browser (what `rung assign --filter` draws from)",
    usage: 'rung filters list [--db PATH] [--json]  |  rung filters delete NAME [--db PATH] [--json]',
    options: { db, json, help },
    positionals: 2,
    minPositionals: 1,
  },
  start: {
    name: 'start',
    summary: 'open the desktop app (browser mode where the Electron runtime is missing)',
    usage: 'rung start [--db PATH]',
    options: { db, help },
    positionals: 0,
  },
};

export function commandHelp(spec: CommandSpec): string {
  const lines = [`${spec.summary}`, '', `usage: ${spec.usage}`, '', 'options:'];
  for (const [name, option] of Object.entries(spec.options)) {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`;
    lines.push(`  ${flag.padEnd(26)} ${option.description}`);
  }
  return lines.join('\n');
}

export function mainHelp(): string {
  const lines = ['rung — a lab for recursive reward modeling', '', 'usage: rung <command> [options]', '', 'commands:'];
  for (const spec of Object.values(commands)) lines.push(`  ${spec.name.padEnd(8)} ${spec.summary}`);
  lines.push('', 'Run `rung <command> --help` for a command\'s options.', 'Options: -h, --help  show help;  -v, --version  print the version');
  return lines.join('\n');
}

export interface ParsedCommand {
  spec: CommandSpec;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommand(spec: CommandSpec, argv: string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\nusage: ${spec.usage}`);
  }
  const fewest = spec.minPositionals ?? spec.positionals;
  if (!parsed.values.help && (parsed.positionals.length < fewest || parsed.positionals.length > spec.positionals)) {
    const n = `${fewest < spec.positionals ? `${fewest}–` : ''}${spec.positionals}`;
    const what = spec.positionals === 0 ? 'takes no arguments' : `takes ${n} argument${spec.positionals > 1 ? 's' : ''}`;
    throw new UsageError(`rung ${spec.name} ${what}, got ${parsed.positionals.length}\nusage: ${spec.usage}`);
  }
  return { spec, values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
}
