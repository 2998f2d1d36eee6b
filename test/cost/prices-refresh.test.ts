import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrices, type PriceSnapshot } from '../../generator/cost/prices';
import { type GetProducts, refreshPrices } from '../../generator/cost/refresh';
import { cli } from '../helpers/cli';

/** A hand-written recording of GetProducts exchanges in the real response shape (no network in tests). */
const FIXTURE = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'prices', 'get-products-eu-west-1.json'), 'utf8')) as {
  exchanges: { request: Record<string, unknown>; response: { PriceList: string[]; NextToken?: string } }[];
};

/** Answers from the recording; a question it does not hold gets an empty page (as the API does for no match). */
const recorded: GetProducts = async (input) => {
  const wanted = JSON.stringify({
    ServiceCode: input.ServiceCode,
    Filters: input.Filters,
    ...(input.NextToken ? { NextToken: input.NextToken } : {}),
  });
  const hit = FIXTURE.exchanges.find((e) => JSON.stringify(e.request) === wanted);
  return hit ? hit.response : { PriceList: [] };
};

const KEYS = [
  'fargate.linux.x86_64.vcpuHour',
  'fargate.linux.x86_64.gbHour',
  'rds.postgres.db.t4g.micro.single-az.hour',
  's3.get.per1k',
  's3.put.per1k',
  'elb.application.hour',
  'elb.application.lcuHour',
  'logs.ingest.gb',
  'kms.key.month',
];

function reference(): PriceSnapshot {
  const full = loadPrices('eu-west-1');
  return { ...full, prices: Object.fromEntries(KEYS.map((k) => [k, { ...full.prices[k], usd: 999 }])) };
}

describe('prices:refresh parsing a recorded Price List API response', () => {
  it('takes each price from the product whose usage type matches, following NextToken, scaled into the snapshot unit, dated', async () => {
    const { snapshot, kept } = await refreshPrices('eu-west-1', reference(), recorded, '2026-11-22');
    const usd = Object.fromEntries(Object.entries(snapshot.prices).map(([k, p]) => [k, p.usd]));
    expect(usd).toEqual({
      'elb.application.hour': 0.0252,
      'elb.application.lcuHour': 0.008,
      'fargate.linux.x86_64.gbHour': 0.004445,
      // Page 1 holds only the ARM vCPU price, which must not be taken for x86: page 2 has it.
      'fargate.linux.x86_64.vcpuHour': 0.04048,
      'kms.key.month': 999,
      // A free first tier ($0 from 0 GB) is skipped: the price is the first paid tier.
      'logs.ingest.gb': 0.57,
      'rds.postgres.db.t4g.micro.single-az.hour': 0.018,
      // $0.0000004 per GET request is $0.0004 per 1,000.
      's3.get.per1k': 0.0004,
      's3.put.per1k': 0.005,
    });
    expect(snapshot.prices['s3.get.per1k']).toEqual({
      usd: 0.0004,
      unit: '1,000 GET requests',
      source: 'AWS Price List API, 2026-11-22',
      date: '2026-11-22',
    });
    // Nothing in the recording for KMS: the previous entry is kept as it was, and reported.
    expect(kept).toEqual(['kms.key.month']);
    expect(snapshot.prices['kms.key.month'].source).toBe('public on-demand price page, eu-west-1, as of 2025-06');
  });

  it('fails with a clear message, no stack trace, when no AWS credentials are available', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tw-home-'));
    try {
      const env: NodeJS.ProcessEnv = {
        HOME: home,
        AWS_CONFIG_FILE: join(home, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        // No instance-metadata lookup: the test never reaches the network.
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
        AWS_WEB_IDENTITY_TOKEN_FILE: '',
      };
      const r = await cli(['prices-refresh', '--region', 'eu-west-1'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        [
          '(command line): prices:refresh: no AWS credentials found, so the AWS Price List API cannot be asked',
          '  allowed:  credentials allowed to call pricing:GetProducts (AWS_PROFILE, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, SSO, an instance role);',
          '            estimates (npm run cost, validate, synth) use the committed snapshots and need none',
          '  code:     cost.no-credentials',
          '',
        ].join('\n'),
      );
      expect(readFileSync(join(__dirname, '..', '..', 'generator', 'cost', 'prices', 'eu-west-1.json'), 'utf8')).toContain(
        '"source": "public on-demand price page, eu-west-1, as of 2025-06"',
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
