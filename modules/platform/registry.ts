import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

export interface ImageRegistryProps {
  /** Repository name per image, keyed by the image name customers refer to. */
  readonly repositories: Readonly<Record<string, string>>;
  /** Whether a pushed tag can never point to another image. */
  readonly immutableTags: boolean;
  /** Tagged images kept per repository; older ones expire. */
  readonly keepTaggedImages: number;
  /** Days before an untagged image expires. */
  readonly untaggedExpiryDays: number;
}

/** The ECR lifecycle policy document: untagged images go first, then tagged beyond the newest N. */
function ecrLifecyclePolicy(keepTaggedImages: number, untaggedExpiryDays: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${untaggedExpiryDays} days`,
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedExpiryDays },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${keepTaggedImages} tagged images`,
        selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: keepTaggedImages },
        action: { type: 'expire' },
      },
    ],
  });
}

/** One private ECR repository per image, scanned on push, encrypted, with a lifecycle policy. */
export class ImageRegistry extends Construct {
  /** Repository by image name. */
  readonly repositories: Readonly<Record<string, EcrRepository>>;

  constructor(scope: Construct, id: string, props: ImageRegistryProps) {
    super(scope, id);
    const policy = ecrLifecyclePolicy(props.keepTaggedImages, props.untaggedExpiryDays);
    this.repositories = Object.fromEntries(
      Object.entries(props.repositories).map(([image, name]) => {
        const repository = new EcrRepository(this, image, {
          name,
          imageTagMutability: props.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfiguration: [{ encryptionType: 'AES256' }],
          forceDelete: false,
        });
        new EcrLifecyclePolicy(this, `${image}-lifecycle`, { repository: repository.name, policy });
        return [image, repository];
      }),
    );
  }
}
