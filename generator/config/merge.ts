import { jsonPath, jsonPathChild } from '../errors';
import type { JsonObject } from './json-file';
import type { LayerSource } from '../../contract/config';

/** Keys that describe a file rather than configure a customer. */
const METADATA_KEYS = new Set(['$schema', 'description']);

export interface Layer {
  readonly source: LayerSource;
  readonly data: JsonObject;
}

export interface MergeResult {
  readonly value: JsonObject;
  /** Dotted JSON path of every leaf → the layer that set it last. */
  readonly provenance: Map<string, LayerSource>;
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Drops the provenance of `replaced` (the value at `path` a later layer replaces) and of
 * everything under it. Only objects have entries below them (arrays are leaves), so this
 * walks the replaced subtree instead of every recorded path.
 */
function forgetBelow(provenance: Map<string, LayerSource>, path: string, replaced: unknown): void {
  provenance.delete(path);
  if (isPlainObject(replaced))
    for (const [key, child] of Object.entries(replaced)) forgetBelow(provenance, jsonPathChild(path, key), child);
}

/** Sets an own property, even one named `__proto__` (plain assignment would set the prototype instead). */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function mergeInto(
  target: JsonObject,
  source: JsonObject,
  path: string | undefined,
  from: LayerSource,
  provenance: Map<string, LayerSource>,
): void {
  for (const [key, incoming] of Object.entries(source)) {
    if (path === undefined && METADATA_KEYS.has(key)) continue;
    const dotted = jsonPathChild(path, key);
    // Own keys only: a key named like an Object.prototype member (`constructor`, `__proto__`) is data here.
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isPlainObject(incoming)) {
      if (!isPlainObject(existing)) {
        forgetBelow(provenance, dotted, existing);
        setOwn(target, key, {});
      }
      const child = target[key] as JsonObject;
      if (Object.keys(incoming).length === 0 && Object.keys(child).length === 0) provenance.set(dotted, from);
      else provenance.delete(dotted);
      mergeInto(child, incoming, dotted, from, provenance);
    } else {
      forgetBelow(provenance, dotted, existing);
      setOwn(target, key, typeof incoming === 'object' && incoming !== null ? structuredClone(incoming) : incoming);
      provenance.set(dotted, from);
    }
  }
}

/**
 * Deep-merges layers in order: objects merge key by key, arrays and scalars replace,
 * later layers win. Inputs are not modified.
 */
export function mergeLayers(layers: readonly Layer[]): MergeResult {
  const value: JsonObject = {};
  const provenance = new Map<string, LayerSource>();
  for (const layer of layers) mergeInto(value, layer.data, undefined, layer.source, provenance);
  return { value, provenance };
}

/** Layer key holding what every service starts from; see applyServiceDefaults. */
export const SERVICE_DEFAULTS_KEY = 'serviceDefaults';

/** Copies the provenance of `value` (at `from`) and everything under it to `to`, noting where it was set. */
function copyProvenance(provenance: Map<string, LayerSource>, from: string[], to: string[], value: unknown): void {
  const source = provenance.get(jsonPath(from));
  if (source) provenance.set(jsonPath(to), { ...source, key: jsonPath(from) });
  if (isPlainObject(value))
    for (const [key, child] of Object.entries(value)) copyProvenance(provenance, [...from, key], [...to, key], child);
}

function fill(target: JsonObject, defaults: JsonObject, from: string[], to: string[], provenance: Map<string, LayerSource>): void {
  for (const [key, value] of Object.entries(defaults)) {
    const existing = target[key];
    if (existing === undefined) {
      target[key] = structuredClone(value);
      copyProvenance(provenance, [...from, key], [...to, key], value);
    } else if (isPlainObject(existing) && isPlainObject(value)) fill(existing, value, [...from, key], [...to, key], provenance);
  }
}

/**
 * Completes every service of a merged config from its merged `serviceDefaults`: a key no
 * layer set for the service itself takes the serviceDefaults value (objects key by key),
 * with the provenance of the layer that set it there. Removes `serviceDefaults` itself.
 */
export function applyServiceDefaults(merged: MergeResult): void {
  const { value, provenance } = merged;
  const defaults = value[SERVICE_DEFAULTS_KEY];
  const services = value.services;
  if (isPlainObject(defaults) && isPlainObject(services)) {
    for (const [name, service] of Object.entries(services)) {
      if (isPlainObject(service)) fill(service, defaults, [SERVICE_DEFAULTS_KEY], ['services', name], provenance);
    }
  }
  forgetBelow(provenance, SERVICE_DEFAULTS_KEY, defaults);
  delete value[SERVICE_DEFAULTS_KEY];
}
