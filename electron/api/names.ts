// Names the UI and the domain both use, dependency-free so the renderer can import them.

/** The built-in demo dataset, as imported. */
export const DEMO_DATASET_NAME = 'rung-demo';
/** The run `createDemoRun` makes over the demo dataset. */
export const DEMO_RUN_NAME = 'Demo ladder';
