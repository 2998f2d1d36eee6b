/**
 * Subnet CIDRs computed from the VPC CIDR, never hand-listed. The VPC is cut into 16
 * equal blocks (prefix + 4); block `tierIndex * 4 + az` goes to that tier and AZ, so the
 * three tiers never overlap and a third AZ slots in without moving the first two.
 */

export type SubnetTier = 'public' | 'private' | 'database';
export const SUBNET_TIERS: readonly SubnetTier[] = ['public', 'private', 'database'];

/** Smallest and largest VPC prefix we accept: AWS caps a VPC at /16; /22 leaves /26 subnets. */
export const VPC_PREFIX_RANGE = { min: 16, max: 22 } as const;
const SPLIT_BITS = 4;

export interface PlannedSubnet {
  readonly tier: SubnetTier;
  readonly az: number;
  readonly cidr: string;
}

export function parseIpv4Cidr(cidr: string): { address: number; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  return { address, prefix };
}

export function formatIpv4(address: number, prefix: number): string {
  return `${[24, 16, 8, 0].map((s) => (address >>> s) & 255).join('.')}/${prefix}`;
}

/** Host bits set in the network address (10.0.1.0/16) make the CIDR ambiguous. */
export function isNetworkAligned(cidr: string): boolean {
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed) return false;
  const hostMask = parsed.prefix === 0 ? 0xffffffff : (2 ** (32 - parsed.prefix) - 1) >>> 0;
  return (parsed.address & hostMask) === 0;
}

export function planSubnets(vpcCidr: string, azCount: number): PlannedSubnet[] {
  const parsed = parseIpv4Cidr(vpcCidr);
  if (!parsed) throw new Error(`not an IPv4 CIDR: ${vpcCidr}`);
  const subnetPrefix = parsed.prefix + SPLIT_BITS;
  const blockSize = 2 ** (32 - subnetPrefix);
  const out: PlannedSubnet[] = [];
  SUBNET_TIERS.forEach((tier, tierIndex) => {
    for (let az = 0; az < azCount; az++) {
      const address = (parsed.address + (tierIndex * 4 + az) * blockSize) >>> 0;
      out.push({ tier, az, cidr: formatIpv4(address, subnetPrefix) });
    }
  });
  return out;
}
