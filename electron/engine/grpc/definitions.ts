import { dirname, isAbsolute } from 'node:path';
import type { Client, Metadata } from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { KeyholeError } from '../../../shared/errors';
import type { GrpcDescription, GrpcProtoSource } from '../../../shared/model';
import type { FilePolicy } from '../execute/file-policy';
import { servicesOf } from './describe';
import { loadProtoFiles } from './protos';
import { reflect } from './reflection';

export interface GrpcDefinitions {
  root: protobuf.Root;
  description: GrpcDescription;
}

export interface DefinitionSources {
  /** The collection folder (or --working-dir): proto files and import paths are relative to it. */
  baseDir: string | undefined;
  policy: FilePolicy | undefined;
  requestName: string;
  /** For reflection: the client, the call's metadata (auth included) and its deadline. */
  reflection: () => { client: Client; metadata: Metadata; deadline: () => Date | number; origin: string };
}

/** Definitions loaded per source (the files and their import paths, or a server's reflection), for the session's life. */
export class DefinitionCache {
  private readonly cache = new Map<string, Promise<GrpcDefinitions>>();

  get(source: GrpcProtoSource, from: DefinitionSources, refresh = false): Promise<GrpcDefinitions> {
    const key = source.type === 'files' ? `files:${from.baseDir ?? ''}:${JSON.stringify([source.files, source.importPaths])}` : `reflection:${from.reflection().origin}`;
    const hit = this.cache.get(key);
    if (hit && !refresh) return hit;
    const loading = loadDefinitions(source, from);
    this.cache.set(key, loading);
    // A failed load is not kept: the next call tries again (the server may be up by then).
    loading.catch(() => this.cache.delete(key));
    return loading;
  }
}

export async function loadDefinitions(source: GrpcProtoSource, from: DefinitionSources): Promise<GrpcDefinitions> {
  if (source.type === 'files') {
    // Without a collection folder (an ad-hoc `keyhole send --proto`), paths come absolute from the command line.
    if (from.baseDir === undefined && ![...source.files, ...source.importPaths].every((p) => isAbsolute(p))) {
      throw new KeyholeError('usage', `gRPC request ${from.requestName} reads .proto files by relative paths, but it belongs to no collection folder`, {
        hint: 'Give the proto files to keyhole send with --proto (and --import-path), or use server reflection.',
      });
    }
    const loaded = loadProtoFiles(source.files, source.importPaths, from.baseDir ?? dirname(source.files[0] as string), from.policy, from.requestName);
    return { root: loaded.root, description: { source: 'files', services: servicesOf(loaded.root), files: loaded.files, warnings: [] } };
  }
  const r = from.reflection();
  const reflected = await reflect(r.client, r.metadata, r.deadline, r.origin);
  const warnings = reflected.version === 'v1alpha' ? ['The server offers only the older server reflection, v1alpha (it does not offer grpc.reflection.v1).'] : [];
  return { root: reflected.root, description: { source: 'reflection', services: servicesOf(reflected.root, reflected.services), files: reflected.files, warnings } };
}
