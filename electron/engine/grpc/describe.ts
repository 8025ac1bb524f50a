import protobuf from 'protobufjs';
import { KeyholeError } from '../../../shared/errors';
import type { GrpcCallType, GrpcMethodInfo, GrpcServiceInfo } from '../../../shared/model';

/** The services a root defines, sorted by name; `only` keeps those a server listed (reflection). */
export function servicesOf(root: protobuf.Root, only?: readonly string[]): GrpcServiceInfo[] {
  const out: GrpcServiceInfo[] = [];
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const child of ns.nestedArray) {
      if (child instanceof protobuf.Service) {
        const name = fullName(child);
        if (!only || only.includes(name)) out.push({ name, methods: child.methodsArray.map((m) => methodInfo(name, m)) });
      } else if (child instanceof protobuf.Namespace) visit(child);
    }
  };
  visit(root);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface FoundMethod {
  info: GrpcMethodInfo;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
}

/** Methods found per root: a run calls the same few thousands of times, and a lookup walks the namespace. */
const found = new WeakMap<protobuf.Root, Map<string, FoundMethod>>();

/** The method `package.Service/Method` names, with its message types; a clear error naming what exists otherwise. */
export function findMethod(root: protobuf.Root, rpc: string, requestName: string): FoundMethod {
  let byRpc = found.get(root);
  if (!byRpc) found.set(root, byRpc = new Map());
  const hit = byRpc.get(rpc);
  if (hit) return hit;
  const method = lookupMethod(root, rpc, requestName);
  byRpc.set(rpc, method);
  return method;
}

function lookupMethod(root: protobuf.Root, rpc: string, requestName: string): FoundMethod {
  if (rpc === '') {
    throw new KeyholeError('invalid-input', `gRPC request ${requestName} has no method`, { hint: 'Choose a service and method (rpc: package.Service/Method).' });
  }
  const [serviceName = '', methodName = ''] = rpc.split('/');
  const service = root.lookup(serviceName);
  if (!(service instanceof protobuf.Service)) {
    const known = servicesOf(root).map((s) => s.name);
    throw new KeyholeError('invalid-input', `gRPC request ${requestName}: no service ${serviceName} in its definitions`, {
      hint: known.length > 0 ? `Services defined: ${known.join(', ')}.` : 'The definitions hold no service.',
      details: { field: 'rpc', services: known },
    });
  }
  const method = service.methods[methodName];
  if (!method) {
    throw new KeyholeError('invalid-input', `gRPC request ${requestName}: service ${serviceName} has no method ${methodName}`, {
      hint: `Its methods: ${service.methodsArray.map((m) => m.name).join(', ')}.`,
      details: { field: 'rpc' },
    });
  }
  method.resolve();
  return { info: methodInfo(serviceName, method), requestType: method.resolvedRequestType as protobuf.Type, responseType: method.resolvedResponseType as protobuf.Type };
}

/** A message type by its fully-qualified name (with or without the leading dot). */
export function findType(root: protobuf.Root, name: string): protobuf.Type {
  try {
    return root.lookupType(name.startsWith('.') ? name : `.${name}`);
  } catch {
    throw new KeyholeError('invalid-input', `No message type ${name} in the request's definitions`, { details: { type: name } });
  }
}

function methodInfo(service: string, m: protobuf.Method): GrpcMethodInfo {
  m.resolve();
  const callType: GrpcCallType = m.requestStream ? (m.responseStream ? 'bidi' : 'client-streaming') : m.responseStream ? 'server-streaming' : 'unary';
  return {
    name: m.name,
    rpc: `${service}/${m.name}`,
    callType,
    requestType: m.resolvedRequestType ? fullName(m.resolvedRequestType) : m.requestType,
    responseType: m.resolvedResponseType ? fullName(m.resolvedResponseType) : m.responseType,
    ...(m.comment ? { description: m.comment } : {}),
  };
}

export function fullName(o: protobuf.ReflectionObject): string {
  return o.fullName.replace(/^\./, '');
}
