import { afterEach, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { policyStatements } from '../platform/synth-json';
import { customerStack } from './examples';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

const ACME = 'customers/acme/config.json';
const PLATFORM = 'customers/_platform.json';
const GLOBEX_JWT = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:saas/prod/globex/jwt-QwErTy';

/** GIVEN the examples with acme's api secrets set to `secrets` (and the platform edited by `platform`). */
function withAcmeSecrets(secrets: Record<string, string>, platform: (p: any) => void = () => undefined): TempRepo {
  repo = new TempRepo().edit(ACME, (c) => (c.services.api.secrets = secrets)).edit(PLATFORM, platform);
  return repo;
}

describe('a customer references only its own secrets, or those the platform shares', () => {
  it("fails when acme's JWT_SECRET names globex's secret", () => {
    expect(withAcmeSecrets({ JWT_SECRET: GLOBEX_JWT }).rejection()).toEqual([
      {
        code: 'rule.secrets-under-own-prefix',
        file: ACME,
        path: 'services.api.secrets.JWT_SECRET',
        value: GLOBEX_JWT,
        message: 'secret "saas/prod/globex/jwt-QwErTy" is outside customer acme\'s own prefix saas/prod/acme/',
        allowed:
          'a secret or parameter named saas/prod/acme/<name>; secrets every customer may read go under a prefix listed in customers/_platform.json secrets.sharedPrefixes',
      },
    ]);
  });

  it('fails when a name only starts like the own prefix (saas/prod/acmecorp/...), or an SSM parameter is outside it', () => {
    const found = withAcmeSecrets({
      LOOKALIKE: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:saas/prod/acmecorp/jwt',
      PARAMETER: 'arn:aws:ssm:eu-west-1:123456789012:parameter/saas/prod/globex/db-url',
    }).rejection();
    expect(found.map((i) => [i.code, i.path])).toEqual([
      ['rule.secrets-under-own-prefix', 'services.api.secrets.LOOKALIKE'],
      ['rule.secrets-under-own-prefix', 'services.api.secrets.PARAMETER'],
    ]);
  });

  it('fails when the platform shares a prefix that covers every customer', () => {
    const found = withAcmeSecrets({ JWT_SECRET: GLOBEX_JWT }, (p) => (p.secrets = { sharedPrefixes: ['saas/prod/'] })).rejection();
    expect(found).toContainEqual({
      code: 'rule.shared-secrets-outside-customers',
      file: PLATFORM,
      path: 'secrets.sharedPrefixes[0]',
      value: 'saas/prod/',
      message: 'prefix "saas/prod/" covers every customer\'s own secrets (saas/prod/<customer>/)',
      allowed: 'a prefix outside saas/prod/<customer>/, e.g. "saas/prod/shared/" or "saas-shared/"',
    });
  });

  it("fails when a shared prefix lies inside a customer's own prefix", () => {
    const found = withAcmeSecrets({}, (p) => (p.secrets = { sharedPrefixes: ['saas/prod/globex/public/'] })).rejection();
    expect(found).toEqual([
      expect.objectContaining({
        code: 'rule.secrets-under-own-prefix',
        path: 'name',
        value: 'globex',
        message:
          'customers/_platform.json shares the prefix "saas/prod/globex/public/", which lies inside customer globex\'s own saas/prod/globex/',
      }),
    ]);
  });

  it('fails when a shared prefix does not end with "/"', () => {
    const found = withAcmeSecrets({}, (p) => (p.secrets = { sharedPrefixes: ['saas-shared'] })).rejection();
    expect(found).toEqual([
      expect.objectContaining({ code: 'schema.pattern', file: PLATFORM, path: 'secrets.sharedPrefixes[0]', value: 'saas-shared' }),
    ]);
  });

  it("GIVEN a prefix the platform shares WHEN acme references a secret under it THEN it synthesizes and only acme's execution role reads it", () => {
    const shared = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:saas-shared/smtp-password-AbCdEf';
    withAcmeSecrets({ SMTP_PASSWORD: shared }, (p) => (p.secrets = { sharedPrefixes: ['saas-shared/'] })).synth();
    const read = (customer: string): string[] =>
      policyStatements(customerStack(repo!, customer))
        .filter((s) => s.actions.includes('secretsmanager:GetSecretValue'))
        .flatMap((s) => s.resources);
    expect(read('acme')).toContain(shared);
    expect(read('globex')).not.toContain(shared);
    expect(read('globex')).toContain(GLOBEX_JWT);
  });
});
