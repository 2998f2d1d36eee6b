/**
 * Attributes of data-holding resources that hashicorp/aws 5.100.0 cannot change in
 * place: a different value destroys the resource and creates a new, empty one (ForceNew
 * in the provider schema). The one table the replacement check reads.
 */
export const FORCE_NEW_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: [
    'identifier',
    'identifier_prefix',
    'engine',
    'kms_key_id',
    'storage_encrypted',
    'username',
    'db_name',
    'availability_zone',
    'character_set_name',
    'nchar_character_set_name',
    'timezone',
    'snapshot_identifier',
    'replicate_source_db',
    'custom_iam_instance_profile',
  ],
  aws_rds_cluster: [
    'cluster_identifier',
    'cluster_identifier_prefix',
    'engine',
    'kms_key_id',
    'storage_encrypted',
    'master_username',
    'database_name',
    'availability_zones',
    'snapshot_identifier',
  ],
  aws_elasticache_replication_group: [
    'replication_group_id',
    'engine',
    'at_rest_encryption_enabled',
    'kms_key_id',
    'subnet_group_name',
    'snapshot_arns',
    'snapshot_name',
  ],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key'],
};
