import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError, usageIssues } from '../errors';
import { forgetPrices, hasSnapshot, loadPrices, pricesFile, PRICES_DIR } from '../cost/prices';
import { refreshPrices } from '../cost/refresh';

/** The region whose snapshot lists the keys a new region's snapshot starts from. */
const TEMPLATE_REGION = 'eu-west-1';

/** The Price List API answers in us-east-1 (also ap-south-1, eu-central-1), whatever region is priced. */
const PRICING_ENDPOINT_REGION = 'us-east-1';

/** Rebuilds generator/cost/prices/<region>.json from the Price List API; returns what it did, in words. */
export async function pricesRefresh(region: string, opts: { dir?: string; today?: string } = {}): Promise<string> {
  if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[1-9]$/.test(region)) throw new UsageError(usageIssues.badRegion(region));
  const dir = opts.dir ?? PRICES_DIR;
  const reference = loadPrices(hasSnapshot(region, dir) ? region : TEMPLATE_REGION, dir);
  // The SDK warns that its 2027 releases need Node 22; this pinned release runs on the Node 20 the project supports.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { PricingClient, GetProductsCommand } = await import('@aws-sdk/client-pricing');
  const client = new PricingClient({ region: PRICING_ENDPOINT_REGION });
  try {
    await client.config.credentials();
  } catch {
    throw new UsageError(usageIssues.noAwsCredentials());
  }
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  let result;
  try {
    result = await refreshPrices(region, reference, (input) => client.send(new GetProductsCommand(input)), today);
  } catch (err) {
    const e = err as { name?: string; message?: string };
    throw new UsageError(usageIssues.priceListRefused(`${e.name ?? 'Error'}: ${e.message ?? String(err)}`));
  }
  const file = pricesFile(region, dir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result.snapshot, null, 2)}\n`);
  forgetPrices();
  const total = Object.keys(result.snapshot.prices).length;
  return [
    `wrote ${file}: ${total - result.kept.length} of ${total} prices from the AWS Price List API, ${today}`,
    ...(result.kept.length ? [`kept from the previous snapshot (no product matched): ${result.kept.join(', ')}`] : []),
    'next: npm run synth (estimates in READMEs and costs.json), then review the diff',
  ].join('\n');
}
