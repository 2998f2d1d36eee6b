import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { TerraformIterator, TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';

export interface CertificatesProps {
  /** Platform domain: the certificate covers it and `*.<domain>`. */
  readonly domainName: string;
  /** Public Route 53 hosted zone of the domain. */
  readonly hostedZoneId: string;
  /**
   * Existing certificate for the load balancers, in the platform region.
   *
   * @default - a DNS-validated wildcard + apex certificate is created
   */
  readonly certificateArn?: string;
  /**
   * Provider in us-east-1, where CloudFront requires its certificate.
   *
   * @default - the platform region is us-east-1: CloudFront uses the regional certificate
   */
  readonly cloudfrontProvider?: TerraformProvider;
}

/**
 * The hosted zone lookup and the TLS certificates of the platform domain: one for the
 * load balancers in the platform region and one in us-east-1 for CloudFront.
 */
export class Certificates extends Construct {
  readonly zone: DataAwsRoute53Zone;
  /** Validated certificate for the load balancers. */
  readonly certificateArn: string;
  /** Validated certificate in us-east-1 for CloudFront. */
  readonly cloudfrontCertificateArn: string;

  constructor(scope: Construct, id: string, private readonly props: CertificatesProps) {
    super(scope, id);
    this.zone = new DataAwsRoute53Zone(this, 'zone', {
      zoneId: props.hostedZoneId,
      lifecycle: {
        postcondition: [
          {
            condition: `\${trimsuffix(self.name, ".") == "${props.domainName}" && !self.private_zone}`,
            errorMessage: `hosted zone ${props.hostedZoneId} must be the public zone of ${props.domainName} (domain.hostedZoneId in customers/_platform.json)`,
          },
        ],
      },
    });
    this.certificateArn = props.certificateArn ?? this.validatedCertificate('regional');
    this.cloudfrontCertificateArn = props.cloudfrontProvider ? this.validatedCertificate('cloudfront', props.cloudfrontProvider) : this.certificateArn;
  }

  /** A wildcard + apex certificate, usable only once ACM has seen its DNS records. */
  private validatedCertificate(id: string, provider?: TerraformProvider): string {
    const certificate = new AcmCertificate(this, id, {
      provider,
      domainName: `*.${this.props.domainName}`,
      subjectAlternativeNames: [this.props.domainName],
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      // A replaced certificate must exist before listeners let go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
    // The wildcard and the apex ask for the same record, hence allowOverwrite.
    const records = new Route53Record(this, `${id}-validation`, {
      forEach: options,
      zoneId: this.zone.zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 60,
      allowOverwrite: true,
    });
    return new AcmCertificateValidation(this, `${id}-validated`, {
      provider,
      certificateArn: certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty('fqdn')),
    }).certificateArn;
  }
}
