export { runCollection, type RunOptions, type ExecuteItem, type ItemOutcome } from './run';
export { runItems, type RunItem } from './walk';
export type { Assertion, Diagnosis, Reporter, RequestResult, RunStart, RunSummary } from './result';
export { cliReporter } from './reporters/cli';
export { jsonReporter } from './reporters/json';
export { junitReporter } from './reporters/junit';
export { htmlReporter, type HtmlReporterOptions } from './reporters/html';
export { scriptedExecutor, scriptEngineFor, type ScriptedExecutorOptions } from './scripted';
export { dataScope, parseDataFile, readGlobalsFile, type DataRow } from './data-file';
