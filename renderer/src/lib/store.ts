import { useSyncExternalStore } from 'react';

/**
 * A tiny store: one per feature (workspace, tabs, history, ui), never one hub. Components read a
 * slice through useStore and re-render only when that slice changes identity.
 */
export interface Store<T> {
  get(): T;
  set(next: T | ((prev: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      const value = typeof next === 'function' ? (next as (p: T) => T)(state) : next;
      if (Object.is(value, state)) return;
      state = value;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T, S>(store: Store<T>, select: (state: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

/**
 * Sets one entry of a store keyed by id (a tab's connection, a tab's call): `fn` gets the entry and
 * returns its next value, or undefined to remove it; returning the same entry changes nothing.
 */
export function setEntry<T>(store: Store<Record<string, T>>, key: string, fn: (entry: T | undefined) => T | undefined): void {
  store.set((s) => {
    const next = fn(s[key]);
    if (next === s[key]) return s;
    const { [key]: _gone, ...rest } = s;
    return next ? { ...rest, [key]: next } : rest;
  });
}
