import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ACM-001',
  severity: 'medium',
  resourceTypes: ['aws_acm_certificate'],
  description: 'Certificates are validated through DNS, so they renew by themselves',
  fix: 'Set validation_method = "DNS" and create the validation records in the hosted zone.',
  waivable: true,
  evaluate(cert) {
    if (cert.body.certificate_body !== undefined || cert.body.private_key !== undefined)
      return outcome('an imported certificate: its private key is in Terraform state and it never renews');
    return outcome(cert.body.validation_method === 'DNS' ? undefined : `validation_method is "${String(cert.body.validation_method)}"`);
  },
};
