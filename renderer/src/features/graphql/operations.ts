import { getVariableValues, Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

export interface OperationInfo { name: string | undefined; type: 'query' | 'mutation' | 'subscription' }

/** The document's operations, or undefined while it does not parse (the editor marks why). */
export function parseDocument(query: string): DocumentNode | undefined {
  try {
    return parse(query);
  } catch {
    return undefined;
  }
}

export function operationsOf(doc: DocumentNode | undefined): OperationInfo[] {
  return (doc?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => ({ name: d.name?.value, type: d.operation }));
}

/** The operation a send runs: the named one, else the only one (as a GraphQL server chooses). */
export function chosenOperation(doc: DocumentNode | undefined, operationName: string | undefined): OperationDefinitionNode | undefined {
  const ops = (doc?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return ops.find((o) => o.name?.value === operationName);
  return ops.length === 1 ? ops[0] : undefined;
}

export interface VariableProblem {
  message: string;
  /** The variable it is about: its key in the JSON is where the marker goes. */
  variable?: string | undefined;
  severity: 'error' | 'warning';
}

const TEMPLATE = /\{\{[^{}]+\}\}/;

/**
 * The variables block checked against the chosen operation's variable definitions, with graphql's
 * own coercion (the server's rules): a missing required variable, a value of the wrong type, and a
 * variable the operation does not declare. A value holding a {{variable}} is resolved only when
 * sent, so it is not judged here.
 */
export function variableProblems(schema: GraphQLSchema, op: OperationDefinitionNode, variablesText: string): VariableProblem[] {
  let inputs: Record<string, unknown> = {};
  if (variablesText.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(variablesText);
    } catch {
      return []; // the JSON editor marks the syntax error itself
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [{ message: 'GraphQL variables are a JSON object ({ "name": value })', severity: 'error' }];
    inputs = parsed as Record<string, unknown>;
  }
  const templated = new Set(Object.entries(inputs).filter(([, v]) => typeof v === 'string' && TEMPLATE.test(v)).map(([k]) => k));
  const defs = (op.variableDefinitions ?? []).filter((d) => !templated.has(d.variable.name.value));
  const declared = new Set((op.variableDefinitions ?? []).map((d) => d.variable.name.value));
  const problems: VariableProblem[] = [];
  const coerced = getVariableValues(schema, defs, inputs, { maxErrors: 50 });
  for (const e of coerced.errors ?? []) {
    problems.push({ message: e.message, variable: /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(e.message)?.[1], severity: 'error' });
  }
  const opName = op.name ? `operation ${op.name.value}` : 'the operation';
  for (const key of Object.keys(inputs)) {
    if (!declared.has(key)) problems.push({ message: `Variable "$${key}" is not declared by ${opName}`, variable: key, severity: 'warning' });
  }
  return problems;
}

/** Where a variable's key stands in the JSON text (0-based offsets), for its marker. */
export function keyRange(text: string, variable: string | undefined): { start: number; end: number } | undefined {
  if (variable === undefined) return undefined;
  const m = new RegExp(`"${variable}"\\s*:`).exec(text);
  return m ? { start: m.index, end: m.index + variable.length + 2 } : undefined;
}
