import { block, isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-DDB-002',
  severity: 'medium',
  checkov: 'CKV_AWS_119',
  resourceTypes: ['aws_dynamodb_table'],
  description: 'DynamoDB tables are encrypted with a customer managed KMS key',
  fix: 'Set server_side_encryption { enabled = true, kms_key_arn = <key> }.',
  waivable: true,
  evaluate(table) {
    const sse = block(table.body.server_side_encryption);
    if (!isTrue(sse?.enabled)) return outcome('server_side_encryption is not enabled: only the AWS owned key protects the table');
    return outcome(sse?.kms_key_arn ? undefined : 'encrypted with the AWS managed key aws/dynamodb, not a customer managed key');
  },
};
