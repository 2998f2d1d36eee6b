// Every rule of the pack, one per file; the README table and the tests read this list.
import type { PolicyRule } from '../types';
import { rule as acmCreateBeforeDestroy } from './acm-create-before-destroy';
import { rule as acmDnsValidation } from './acm-dns-validation';
import { rule as cdnAccessLogs } from './cdn-access-logs';
import { rule as cdnCustomCertificate } from './cdn-custom-certificate';
import { rule as cdnOriginAccessControl } from './cdn-origin-access-control';
import { rule as cdnOriginHttps } from './cdn-origin-https';
import { rule as cdnTls12 } from './cdn-tls12';
import { rule as cdnViewerHttps } from './cdn-viewer-https';
import { rule as dynamodbDeletionProtection } from './dynamodb-deletion-protection';
import { rule as dynamodbEncryption } from './dynamodb-encryption';
import { rule as dynamodbPitr } from './dynamodb-pitr';
import { rule as ecrKms } from './ecr-kms';
import { rule as ecrLifecycle } from './ecr-lifecycle';
import { rule as ecrScanOnPush } from './ecr-scan-on-push';
import { rule as ecsAwsvpc } from './ecs-awsvpc';
import { rule as ecsCircuitBreaker } from './ecs-circuit-breaker';
import { rule as ecsContainerInsights } from './ecs-container-insights';
import { rule as ecsExecDisabled } from './ecs-exec-disabled';
import { rule as ecsFargateLatest } from './ecs-fargate-latest';
import { rule as ecsLogging } from './ecs-logging';
import { rule as ecsNoHostNamespaces } from './ecs-no-host-namespaces';
import { rule as ecsNoPlaintextSecrets } from './ecs-no-plaintext-secrets';
import { rule as ecsNoPrivileged } from './ecs-no-privileged';
import { rule as ecsReadonlyRoot } from './ecs-readonly-root';
import { rule as ecsSeparateRoles } from './ecs-separate-roles';
import { rule as ecsServicePrivate } from './ecs-service-private';
import { rule as iamGithubOidcTrust } from './iam-github-oidc-trust';
import { rule as iamNoPermissionManagement } from './iam-no-permission-management';
import { rule as iamNoStarAction } from './iam-no-star-action';
import { rule as iamNoStarResourceWrites } from './iam-no-star-resource-writes';
import { rule as iamPlanRoleReadOnly } from './iam-plan-role-read-only';
import { rule as iamTrustPolicy } from './iam-trust-policy';
import { rule as kmsDeletionWindow } from './kms-deletion-window';
import { rule as kmsKeyPolicy } from './kms-key-policy';
import { rule as kmsRotation } from './kms-rotation';
import { rule as lbAccessLogs } from './lb-access-logs';
import { rule as lbDeletionProtection } from './lb-deletion-protection';
import { rule as lbDesyncMitigation } from './lb-desync-mitigation';
import { rule as lbDropInvalidHeaders } from './lb-drop-invalid-headers';
import { rule as lbHttpRedirects } from './lb-http-redirects';
import { rule as lbHttpsTlsPolicy } from './lb-https-tls-policy';
import { rule as lbTargetGroupHttps } from './lb-target-group-https';
import { rule as lbTargetHealthCheck } from './lb-target-health-check';
import { rule as logsKms } from './logs-kms';
import { rule as logsRetention } from './logs-retention';
import { rule as rdsBackupRetention } from './rds-backup-retention';
import { rule as rdsCopyTagsToSnapshots } from './rds-copy-tags-to-snapshots';
import { rule as rdsDeletionProtection } from './rds-deletion-protection';
import { rule as rdsFinalSnapshot } from './rds-final-snapshot';
import { rule as rdsForceTls } from './rds-force-tls';
import { rule as rdsLogExports } from './rds-log-exports';
import { rule as rdsManagedPassword } from './rds-managed-password';
import { rule as rdsMinorUpgrades } from './rds-minor-upgrades';
import { rule as rdsMultiAz } from './rds-multi-az';
import { rule as rdsNotPublic } from './rds-not-public';
import { rule as rdsPerformanceInsights } from './rds-performance-insights';
import { rule as rdsPerformanceInsightsCmk } from './rds-performance-insights-cmk';
import { rule as rdsStorageEncrypted } from './rds-storage-encrypted';
import { rule as redisAutomaticFailover } from './redis-automatic-failover';
import { rule as redisCustomerKey } from './redis-customer-key';
import { rule as redisEncryptionAtRest } from './redis-encryption-at-rest';
import { rule as redisEncryptionInTransit } from './redis-encryption-in-transit';
import { rule as redisSnapshots } from './redis-snapshots';
import { rule as redisUserGroupAuth } from './redis-user-group-auth';
import { rule as s3AbortIncompleteUploads } from './s3-abort-incomplete-uploads';
import { rule as s3AclsDisabled } from './s3-acls-disabled';
import { rule as s3DefaultEncryption } from './s3-default-encryption';
import { rule as s3NoAnonymousAccess } from './s3-no-anonymous-access';
import { rule as s3NoForceDestroy } from './s3-no-force-destroy';
import { rule as s3PublicAccessBlock } from './s3-public-access-block';
import { rule as s3TlsOnly } from './s3-tls-only';
import { rule as s3Versioning } from './s3-versioning';
import { rule as sgDefaultDenies } from './sg-default-denies';
import { rule as sgDescriptions } from './sg-descriptions';
import { rule as sgNoOpenIngress } from './sg-no-open-ingress';
import { rule as sgNoUnrestrictedEgress } from './sg-no-unrestricted-egress';
import { rule as snsEncryption } from './sns-encryption';
import { rule as tenantIam } from './tenant-iam';
import { rule as tenantKms } from './tenant-kms';
import { rule as tenantRemoteState } from './tenant-remote-state';
import { rule as tenantSecretReferences } from './tenant-secret-references';
import { rule as tenantSecurityGroups } from './tenant-security-groups';
import { rule as vpcFlowLogs } from './vpc-flow-logs';
import { rule as vpcNoPublicIp } from './vpc-no-public-ip';

/** Ordered by id. */
export const RULES: readonly PolicyRule[] = [
  acmDnsValidation,
  acmCreateBeforeDestroy,
  cdnViewerHttps,
  cdnTls12,
  cdnOriginHttps,
  cdnOriginAccessControl,
  cdnAccessLogs,
  cdnCustomCertificate,
  dynamodbPitr,
  dynamodbEncryption,
  dynamodbDeletionProtection,
  ecrScanOnPush,
  ecrKms,
  ecrLifecycle,
  ecsNoPrivileged,
  ecsReadonlyRoot,
  ecsNoPlaintextSecrets,
  ecsLogging,
  ecsAwsvpc,
  ecsNoHostNamespaces,
  ecsSeparateRoles,
  ecsServicePrivate,
  ecsCircuitBreaker,
  ecsFargateLatest,
  ecsExecDisabled,
  ecsContainerInsights,
  iamNoStarAction,
  iamNoStarResourceWrites,
  iamNoPermissionManagement,
  iamTrustPolicy,
  iamGithubOidcTrust,
  iamPlanRoleReadOnly,
  kmsRotation,
  kmsKeyPolicy,
  kmsDeletionWindow,
  lbDropInvalidHeaders,
  lbDeletionProtection,
  lbAccessLogs,
  lbHttpsTlsPolicy,
  lbHttpRedirects,
  lbDesyncMitigation,
  lbTargetGroupHttps,
  lbTargetHealthCheck,
  logsRetention,
  logsKms,
  rdsStorageEncrypted,
  rdsNotPublic,
  rdsDeletionProtection,
  rdsBackupRetention,
  rdsMultiAz,
  rdsLogExports,
  rdsMinorUpgrades,
  rdsCopyTagsToSnapshots,
  rdsPerformanceInsights,
  rdsPerformanceInsightsCmk,
  rdsForceTls,
  rdsManagedPassword,
  rdsFinalSnapshot,
  redisEncryptionAtRest,
  redisEncryptionInTransit,
  redisUserGroupAuth,
  redisAutomaticFailover,
  redisSnapshots,
  redisCustomerKey,
  s3PublicAccessBlock,
  s3DefaultEncryption,
  s3Versioning,
  s3TlsOnly,
  s3AbortIncompleteUploads,
  s3AclsDisabled,
  s3NoAnonymousAccess,
  s3NoForceDestroy,
  sgNoOpenIngress,
  sgNoUnrestrictedEgress,
  sgDescriptions,
  sgDefaultDenies,
  snsEncryption,
  tenantIam,
  tenantSecurityGroups,
  tenantKms,
  tenantSecretReferences,
  tenantRemoteState,
  vpcFlowLogs,
  vpcNoPublicIp,
];
