/** `<repository>:<tag>` with no registry host, path or digest. */
const BARE_IMAGE = /^([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/**
 * The image a task runs: a bare `<repository>:<tag>` naming one of the platform's ECR
 * repositories becomes `<repository url>:<tag>`; anything else is used as written.
 */
export function resolveImage(image: string, ecrRepositories: readonly string[], repositoryUrl: (repository: string) => string): string {
  const bare = BARE_IMAGE.exec(image);
  return bare && ecrRepositories.includes(bare[1]) ? `${repositoryUrl(bare[1])}:${bare[2]}` : image;
}
