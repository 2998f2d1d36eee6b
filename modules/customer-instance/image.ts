/** `<repository>:<tag>` or `<repository>@sha256:<digest>` with no registry host or path. */
const BARE_IMAGE = /^([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)((?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|(?:@sha256:[a-f0-9]{64}))$/;

/**
 * The image a task runs: a bare `<repository>:<tag>` or `<repository>@sha256:<digest>`
 * naming one of the platform's ECR repositories becomes `<repository url>:<tag>` (or
 * `@sha256:<digest>`); anything else is used as written.
 */
export function resolveImage(image: string, ecrRepositories: readonly string[], repositoryUrl: (repository: string) => string): string {
  const bare = BARE_IMAGE.exec(image);
  return bare && ecrRepositories.includes(bare[1]) ? `${repositoryUrl(bare[1])}${bare[2]}` : image;
}

/** The tag an image reference names, if it names one (`repo:1.2.3` → `1.2.3`; a digest names none). */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
}
