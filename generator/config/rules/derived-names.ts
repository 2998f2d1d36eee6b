import { type DerivedName, derivedNames, nameKey } from '../../../modules/naming';
import { type CustomerConfig, namedServices, type PlatformConfig } from '../../../contract/config';

interface Derived {
  readonly platform: PlatformConfig;
  readonly names: readonly DerivedName[];
  /** nameKey of each name, in the same order. */
  readonly keys: readonly string[];
}

/** Per merged config: validation asks several rules the same question of every customer. */
const memo = new WeakMap<CustomerConfig, Derived>();

function derived(platform: PlatformConfig, c: CustomerConfig): Derived {
  const hit = memo.get(c);
  if (hit?.platform === platform) return hit;
  const names = derivedNames(platform, c.name, namedServices(c), c.isolation === 'dedicated');
  const entry = { platform, names, keys: names.map(nameKey) };
  memo.set(c, entry);
  return entry;
}

/** Every AWS name derived for a customer (modules/naming derivedNames), computed once per merged config and platform. */
export function customerDerivedNames(platform: PlatformConfig, c: CustomerConfig): readonly DerivedName[] {
  return derived(platform, c).names;
}

/** The collision key (nameKey) of each of customerDerivedNames, in the same order. */
export function customerNameKeys(platform: PlatformConfig, c: CustomerConfig): readonly string[] {
  return derived(platform, c).keys;
}
