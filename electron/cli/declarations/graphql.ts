import type { SendFlags } from '../adhoc';
import type { CollectionFlags } from '../context';
import type { DeclareCommand } from './index';
import { requestOptions } from './send';

export type GraphqlSchemaFlags = SendFlags & CollectionFlags & { profile?: string };

/**
 * `keyhole graphql schema`: a GraphQL API's schema as SDL on stdout. For a URL, the introspection
 * query is sent with send's flags (headers, auth, TLS, proxy); for a stored request, with its own
 * URL, auth profile and settings, or its SDL file when the request names one. Exit 0 with the
 * schema, 1 when the server refused or answered no schema (a refusal is explained), 2 for usage.
 */
export const declareGraphql: DeclareCommand = (program, ctx) => {
  const graphql = program.command('graphql').description('GraphQL tools');
  const schema = graphql
    .command('schema')
    .description('Print a GraphQL API\'s schema as SDL (introspection sent like `keyhole send`, or the request\'s SDL file)')
    .argument('<target>', 'the GraphQL endpoint\'s URL, or the name (Folder/Request) of a GraphQL request in the collection');
  requestOptions(schema).action(async (target: string, flags: GraphqlSchemaFlags) => {
    const { graphqlSchemaCommand } = await import('../commands/graphql');
    await graphqlSchemaCommand(ctx, target, flags);
  });
};
