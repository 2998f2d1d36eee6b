import { NOT_APPLICABLE, outcome, type PolicyRule, type Statement } from '../types';

const HOST = 'token.actions.githubusercontent.com';
/** `repo:<owner>/<name>:<anything>`: a wildcard may follow the repository, never stand in for it. */
const REPO_SUBJECT = /^repo:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+:[^*?]*[A-Za-z0-9_./:-]*\*?$/;

function problems(s: Statement, federated: boolean): string[] {
  if (!federated || !s.actions.includes('sts:AssumeRoleWithWebIdentity')) return [];
  const values = (variable: string) => s.conditions.filter((c) => c.variable === variable).flatMap((c) => c.values);
  const out: string[] = [];
  const audiences = values(`${HOST}:aud`);
  if (!audiences.length || audiences.some((a) => a !== 'sts.amazonaws.com')) out.push('the audience is not limited to sts.amazonaws.com');
  const subjects = values(`${HOST}:sub`);
  if (!subjects.length) out.push('no subject condition: any repository on GitHub can assume the role');
  for (const sub of subjects) if (!REPO_SUBJECT.test(sub)) out.push(`subject "${sub}" is not limited to one repository`);
  return out;
}

export const rule: PolicyRule = {
  id: 'TW-IAM-007',
  severity: 'critical',
  checkov: 'CKV_AWS_358',
  resourceTypes: ['aws_iam_role'],
  description: 'A role GitHub Actions assumes through OIDC trusts one repository, with the sts.amazonaws.com audience',
  fix: `Add conditions ${HOST}:aud = sts.amazonaws.com and ${HOST}:sub = repo:<owner>/<name>:<pull_request | environment:… | ref:…>.`,
  waivable: true,
  evaluate(role, context) {
    const statements = context.statements(role.body.assume_role_policy);
    if (!statements) return NOT_APPLICABLE;
    const isGithub = (id: string): boolean => id.includes(HOST) || String(context.resolve(id)?.body.url ?? '').includes(HOST);
    const found = statements.flatMap((s) =>
      problems(
        s,
        s.principals.some((p) => p.type === 'Federated' && p.identifiers.some(isGithub)),
      ),
    );
    const trustsGithub = statements.some((s) => s.principals.some((p) => p.type === 'Federated' && p.identifiers.some(isGithub)));
    if (!trustsGithub) return NOT_APPLICABLE;
    return outcome(found.length ? [...new Set(found)].join('; ') : undefined);
  },
};
