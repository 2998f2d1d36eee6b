import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS } from './load';

/**
 * A digest of everything synth reads from customers/ (configs, layers, schemas), except
 * the allocations synth itself writes (JSON files only). Recorded in the output marker, so `changed` can
 * tell a generated/ that no longer matches the configs (edited without synth).
 */
export function inputsDigest(root: string): string {
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = `${rel}/${entry.name}`;
      if (path === PATHS.allocations) continue;
      if (entry.isDirectory()) walk(path);
      // JSON files only: notes, editor backups and a crashed run's temporary files are not inputs.
      else if (entry.isFile() && entry.name.endsWith('.json'))
        hash
          .update(`${path}\0`)
          .update(readFileSync(join(root, path)))
          .update('\0');
    }
  };
  walk(PATHS.customers);
  return `sha256:${hash.digest('hex')}`;
}
