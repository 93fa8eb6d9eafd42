// The Compare page's keyboard map: every action with its default keys, remappable per evaluator and kept in
// this browser's localStorage (key `rung.keymap.<evaluatorId>`), so each person's keys follow their profile
// on this workstation. Keys are KeyboardEvent.key values, letters lower-cased.

export const actions = [
  'left', 'right', 'tie', 'skip', 'slight', 'clear', 'strong', 'rationale', 'undo', 'diff',
  'segmentNext', 'segmentPrev', 'segmentCorrect', 'segmentWrong', 'segmentUnsure', 'assistance', 'reviewBack', 'reviewForward',
  'change', 'guidelines', 'help',
] as const;
export type Action = (typeof actions)[number];
export type Keymap = Record<Action, string[]>;

export const actionLabels: Record<Action, string> = {
  left: 'Left is better',
  right: 'Right is better',
  tie: 'Tie (equally good)',
  skip: 'Skip this comparison',
  slight: 'Strength: slightly better (then the verdict)',
  clear: 'Strength: clearly better (then the verdict)',
  strong: 'Strength: much better (then the verdict)',
  rationale: 'Write a rationale (Enter saves it, Esc cancels)',
  undo: 'Undo the last verdict',
  diff: 'Show or hide the word diff (of the text as rendered)',
  segmentNext: 'Assisted layers: next segment (left pane, then right)',
  segmentPrev: 'Assisted layers: previous segment',
  segmentCorrect: 'Mark the selected segment correct (again: clear)',
  segmentWrong: 'Mark the selected segment wrong (again: clear)',
  segmentUnsure: 'Mark the selected segment unsure (again: clear)',
  assistance: "Hide or show the model's assistance (your segment marks stay)",
  reviewBack: 'Review your earlier verdicts, read-only: one further back',
  reviewForward: 'Reviewing: one verdict newer (from the newest, back to judging; Esc too)',
  change: 'Reviewing: change this verdict (retract it and judge the comparison again)',
  guidelines: 'Show or hide the guidelines (the dataset’s and the layer’s)',
  help: 'Show these keys',
};

export const defaultKeymap: Keymap = {
  left: ['1', 'ArrowLeft'],
  right: ['2', 'ArrowRight'],
  tie: ['3', 'ArrowDown'],
  skip: ['s'],
  slight: ['q'],
  clear: ['w'],
  strong: ['e'],
  rationale: ['r'],
  undo: ['z'],
  diff: ['d'],
  segmentNext: ['j'],
  segmentPrev: ['k'],
  segmentCorrect: ['c'],
  segmentWrong: ['f'],
  segmentUnsure: ['u'],
  assistance: ['h'],
  reviewBack: ['['],
  reviewForward: [']'],
  change: ['m'],
  guidelines: ['g'],
  help: ['?'],
};

/** The key's name as the keymap stores it: single letters lower-case, everything else as KeyboardEvent.key. */
export function keyName(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key;
}

/** How a key is shown: arrows as symbols, space as "Space". */
export function keyLabel(key: string): string {
  const names: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', ' ': 'Space', Escape: 'Esc' };
  return names[key] ?? (key.length === 1 ? key.toUpperCase() : key);
}

export function actionFor(keymap: Keymap, key: string): Action | undefined {
  const name = keyName(key);
  return actions.find((action) => keymap[action].includes(name));
}

/** Binds `key` to `action` alone: the key is taken away from any other action first. */
export function rebind(keymap: Keymap, action: Action, key: string, replace = true): Keymap {
  const name = keyName(key);
  const next = {} as Keymap;
  for (const a of actions) next[a] = keymap[a].filter((k) => k !== name);
  next[action] = replace ? [name] : [...next[action], name];
  return next;
}

/** Keys that cannot be bound: they are needed for typing, focus and closing dialogs. */
export const reservedKeys = new Set(['Tab', 'Enter', 'Escape', 'Shift', 'Control', 'Alt', 'Meta', 'CapsLock']);

const storageKey = (evaluatorId: string) => `rung.keymap.${evaluatorId}`;

/** A stored keymap merged over the defaults (a newly added action keeps those of its default keys the stored map leaves free). */
export function parseKeymap(stored: string | null): Keymap {
  const keymap = { ...defaultKeymap };
  if (!stored) return keymap;
  try {
    const parsed = JSON.parse(stored) as Partial<Record<string, unknown>>;
    const taken = new Set<string>();
    const missing: Action[] = [];
    for (const action of actions) {
      const keys = parsed[action];
      if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) {
        keymap[action] = keys as string[];
        keys.forEach((k) => taken.add(k));
      } else missing.push(action);
    }
    for (const action of missing) keymap[action] = defaultKeymap[action].filter((k) => !taken.has(k));
  } catch {
    return { ...defaultKeymap }; // A damaged entry falls back to the defaults.
  }
  return keymap;
}

export function loadKeymap(evaluatorId: string): Keymap {
  try {
    return parseKeymap(window.localStorage.getItem(storageKey(evaluatorId)));
  } catch {
    return { ...defaultKeymap };
  }
}

export function saveKeymap(evaluatorId: string, keymap: Keymap): void {
  try {
    window.localStorage.setItem(storageKey(evaluatorId), JSON.stringify(keymap));
  } catch {
    // Storage disabled: the map lasts for this page only.
  }
}
