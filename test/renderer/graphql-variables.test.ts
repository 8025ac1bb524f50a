import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { chosenOperation, keyRange, operationsOf, parseDocument, variableProblems } from '../../renderer/src/features/graphql/operations';
import { graphqlSchemaPath } from '../servers/graphql';

const schema = buildSchema(readFileSync(graphqlSchemaPath, 'utf8'));
const doc = parseDocument('query One($id: ID!, $first: Int = 10, $role: Role) { user(id: $id) { name posts(first: $first) { title } } users(role: $role) { id } }\nmutation Make($input: NewUser!) { createUser(input: $input) { id } }');
const one = chosenOperation(doc, 'One')!;

describe('the variables block against the chosen operation', () => {
  it('lists the operations and picks the named one, or the only one', () => {
    expect(operationsOf(doc)).toEqual([{ name: 'One', type: 'query' }, { name: 'Make', type: 'mutation' }]);
    expect(chosenOperation(doc, undefined)).toBeUndefined();
    expect(chosenOperation(parseDocument('{ hello }'), undefined)?.operation).toBe('query');
    expect(parseDocument('{ hello')).toBeUndefined();
  });

  it('reports a missing required variable, a wrong type, an unknown enum value and an undeclared variable', () => {
    const text = '{"first": "many", "role": "OWNER", "extra": 1}';
    const problems = variableProblems(schema, one, text);
    expect(problems).toEqual([
      { message: 'Variable "$id" of required type "ID!" was not provided.', variable: 'id', severity: 'error' },
      { message: expect.stringMatching(/^Variable "\$first" got invalid value "many"; Int cannot represent non-integer value: "many"/), variable: 'first', severity: 'error' },
      { message: expect.stringMatching(/^Variable "\$role" got invalid value "OWNER"; Value "OWNER" does not exist in "Role" enum/), variable: 'role', severity: 'error' },
      { message: 'Variable "$extra" is not declared by operation One', variable: 'extra', severity: 'warning' },
    ]);
    expect(keyRange(text, 'role')).toEqual({ start: text.indexOf('"role"'), end: text.indexOf('"role"') + 6 });
  });

  it('accepts good values, checks input objects, and leaves {{variables}} to the send', () => {
    expect(variableProblems(schema, one, '{"id": "1", "first": 2, "role": "ADMIN"}')).toEqual([]);
    expect(variableProblems(schema, one, '{"id": "{{userId}}"}')).toEqual([]);
    const make = chosenOperation(doc, 'Make')!;
    expect(variableProblems(schema, make, '{"input": {"email": "a@b"}}').map((p) => p.message))
      .toEqual([expect.stringMatching(/^Variable "\$input" got invalid value .*Field "name" of required type "String!" was not provided/)]);
  });

  it('leaves a block that is not JSON to the JSON editor, and says a non-object is wrong', () => {
    expect(variableProblems(schema, one, '{"id": ')).toEqual([]);
    expect(variableProblems(schema, one, '[1]')).toEqual([{ message: 'GraphQL variables are a JSON object ({ "name": value })', severity: 'error' }]);
  });
});
