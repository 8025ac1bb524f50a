export { runCollection, type RunOptions, type ExecuteItem, type ItemOutcome } from './run';
export { runItems, type RunItem } from './walk';
export { failedChecks, type Assertion, type Diagnosis, type Reporter, type RequestResult, type RunStart, type RunSummary } from './result';
export { cliReporter } from './reporters/cli';
export { jsonReporter } from './reporters/json';
export { junitReporter } from './reporters/junit';
export { htmlReporter, type HtmlReporterOptions } from './reporters/html';
export { scriptedExecutor, scriptEngineFor, scriptTexts, type ScriptedExecutorOptions } from './scripted';
export { parseDataFile, type DataRow } from './data-file';
