import type { PlatformConfig } from '../../contract/config';

/** What the platform uses when `_platform.json` leaves an optional setting out. */
export const PLATFORM_DEFAULTS = {
  flowLogRetentionDays: 90,
  immutableTags: false,
  keepTaggedImages: 30,
  untaggedExpiryDays: 7,
  accessLogRetentionDays: 90,
  idleTimeoutSeconds: 60,
} as const;

/** The ECR settings with every default filled in. */
export function ecrSettings(platform: PlatformConfig) {
  return {
    immutableTags: platform.ecr.immutableTags ?? PLATFORM_DEFAULTS.immutableTags,
    keepTaggedImages: platform.ecr.keepTaggedImages ?? PLATFORM_DEFAULTS.keepTaggedImages,
    untaggedExpiryDays: platform.ecr.untaggedExpiryDays ?? PLATFORM_DEFAULTS.untaggedExpiryDays,
  };
}
