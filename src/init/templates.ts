// init/: what `botform init` writes into a new bot repository. The CI workflows here are the
// ones docs/ci.md shows (a test keeps the two equal), so the scaffold and the docs never drift.

/**
 * `schemaDir` is the path from the file's folder to the installed botform's schemas/
 * (`node_modules/botform/schemas`, forward slashes), so the modelines resolve in any clone.
 */
export function configTemplate(schemaDir: string): string {
  return `# yaml-language-server: $schema=${schemaDir}/config.schema.json
# botform config: the scenario, and the environments (shops) it deploys to.
# Without \`api:\` an environment uses $HIGHTOUCH_API_URL, else botform's embedded emulator.
scenario: scenarios
channels: [telegram]

defaults:
  vars:
    SUPPORT_URL: https://example.com/support

environments:
  staging:
    shop: 2
    staging: true
    # credentials: { token: HIGHTOUCH_STAGING_TOKEN }   # the NAME of the variable, never the value
    vars:
      GREETING: Hi! This is the staging bot.
  production:
    shop: 1
    protected: true          # apply needs --confirm-env production
    # credentials: { token: HIGHTOUCH_PRODUCTION_TOKEN }
    vars:
      GREETING: Hi! How can I help?
`;
}

export function testTemplate(schemaDir: string): string {
  return `# yaml-language-server: $schema=${schemaDir}/test.schema.json
# Conversation tests: \`botform test\` runs them on the local runtime in milliseconds;
# \`botform test --live --env staging\` runs the same file against the staging bot.
tests:
  - name: the opening hours, and back to the greeting
    turns:
      - bot: {step: welcome, buttons: [Opening hours, Support]}
      - user: {press: Opening hours}
      - bot: {step: hours, says: {contains: every day}}
      - user: {press: Back}
      - bot: {step: welcome}
`;
}

export function scenarioTemplate(schemaDir: string): string {
  return `# yaml-language-server: $schema=${schemaDir}/scenario.schema.json
# An example bot: a greeting with two buttons. \${var.GREETING} is filled in per environment.
start: welcome
steps:
  welcome:
    type: message
    text: \${var.GREETING}
    menu:
      - text: Opening hours
        goto: hours
      - text: Support
        url: \${var.SUPPORT_URL}

  hours:
    type: message
    text: We are open every day from 9 to 21.
    menu:
      - text: Back
        goto: welcome
`;
}

export const README = `# Bot scenario

Managed with botform: the scenario is in \`scenarios/\`, the shops in \`botform.config.yaml\`.

\`\`\`sh
npm install                                    # botform, as package.json says (commit package-lock.json)
npx botform validate                           # every environment, with its variables
npx botform test                               # the conversation tests in tests/, locally
npx botform plan --env staging                 # what apply would change in staging
npx botform apply --env staging --auto-approve
npx botform test --live --env staging          # the same tests against the staging bot
npx botform plan --all-envs                    # every environment, one table
npx botform apply --env production --auto-approve --confirm-env production
npx botform env show production --explain      # where each value comes from
\`\`\`

Without \`api:\` in the config or \`HIGHTOUCH_API_URL\`, commands use botform's embedded
emulator (data in \`.botform/\`), so all of this works without a platform account.
CI: \`.github/workflows/botform.yml\` (see botform's docs/ci.md).
`;

/** The GitHub Actions workflow: PR (validate, plan per changed environment, one comment each), merge (staging, then production), nightly drift. */
export const GITHUB_WORKFLOW = `name: botform
on:
  pull_request:
  push:
    branches: [main]
  schedule:
    - cron: "17 5 * * *"
permissions:
  contents: read
  pull-requests: write
env:
  HIGHTOUCH_API_URL: \${{ vars.HIGHTOUCH_API_URL }}
  HIGHTOUCH_TOKEN: \${{ secrets.HIGHTOUCH_TOKEN }}
  NO_COLOR: "1"

jobs:
  check:
    runs-on: ubuntu-latest
    outputs:
      matrix: \${{ steps.envs.outputs.matrix }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm ci
      - run: npx botform validate --format github
      - run: npx botform test
      - id: envs
        run: |
          if [ "\${{ github.event_name }}" = "pull_request" ]; then
            echo "matrix=$(npx botform env list --json --changed-since origin/\${{ github.base_ref }})" >> "$GITHUB_OUTPUT"
          else
            echo "matrix=$(npx botform env list --json)" >> "$GITHUB_OUTPUT"
          fi

  plan:
    if: github.event_name == 'pull_request' && needs.check.outputs.matrix != '{"include":[]}'
    needs: check
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix: \${{ fromJSON(needs.check.outputs.matrix) }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm ci
      - run: |
          set +e
          npx botform plan --env "\${{ matrix.environment }}" --format markdown --max-length 35000 --detailed-exitcode > plan.md
          code=$?
          if [ "$code" = 1 ]; then exit 1; fi
          npx botform review --base "origin/\${{ github.base_ref }}" --env "\${{ matrix.environment }}" --format markdown --max-length 29000 > review.md || exit 1
          exit 0
      - uses: actions/github-script@v7
        env:
          ENVIRONMENT: \${{ matrix.environment }}
        with:
          script: |
            const fs = require('fs');
            const marker = \`<!-- botform-plan:\${process.env.ENVIRONMENT} -->\`;
            const body = \`\${marker}\\n### Environment \\\`\${process.env.ENVIRONMENT}\\\`\\n\\n\${fs.readFileSync('plan.md', 'utf8')}\\n\\n\${fs.readFileSync('review.md', 'utf8')}\`;
            const { owner, repo } = context.repo;
            const issue_number = context.issue.number;
            const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
            const mine = comments.find((c) => c.body && c.body.startsWith(marker));
            if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
            else await github.rest.issues.createComment({ owner, repo, issue_number, body });

  deploy:
    if: github.event_name == 'push'
    needs: check
    runs-on: ubuntu-latest
    concurrency: botform-deploy
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm ci
      - run: npx botform apply --env staging --auto-approve
      - run: npx botform test --live --env staging
      - run: npx botform apply --env production --auto-approve --confirm-env production

  drift:
    if: github.event_name == 'schedule' && needs.check.outputs.matrix != '{"include":[]}'
    needs: check
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix: \${{ fromJSON(needs.check.outputs.matrix) }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 24
      - run: npm ci
      - run: npx botform plan --env "\${{ matrix.environment }}" --detailed-exitcode
`;

/** The GitLab CI pipeline: the same stages; environments fan out inside one job (--all-envs). */
export const GITLAB_PIPELINE = `stages: [check, plan, deploy, drift]
default:
  image: node:24
  before_script:
    - npm ci
variables:
  NO_COLOR: "1"

validate:
  stage: check
  script:
    - npx botform validate
    - npx botform test

plan:
  stage: plan
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - npx botform env list --changed-since "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - |
      set +e
      for env in $(npx botform env list --changed-since "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" | cut -f1); do
        npx botform plan --env "$env" --format markdown --detailed-exitcode > "plan-$env.md"
        if [ $? = 1 ]; then failed=1; fi
        if [ -n "$GITLAB_TOKEN" ]; then node scripts/mr-comment.mjs "$env" "plan-$env.md"; fi
      done
      exit \${failed:-0}
  artifacts:
    paths: [plan-*.md]

deploy:
  stage: deploy
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"
  resource_group: botform-deploy
  script:
    - npx botform apply --env staging --auto-approve
    - npx botform test --live --env staging
    - npx botform apply --env production --auto-approve --confirm-env production

drift:
  stage: drift
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
  script:
    - npx botform plan --all-envs --detailed-exitcode
`;

/** Updates the one merge-request note per environment that carries the hidden marker, or adds it. */
export const GITLAB_COMMENT_SCRIPT = `// scripts/mr-comment.mjs ENV FILE: one merge-request note per environment, updated in place.
import { readFileSync } from 'node:fs';
const [env, file] = process.argv.slice(2);
const api = \`\${process.env.CI_API_V4_URL}/projects/\${process.env.CI_PROJECT_ID}/merge_requests/\${process.env.CI_MERGE_REQUEST_IID}/notes\`;
const headers = { 'PRIVATE-TOKEN': process.env.GITLAB_TOKEN, 'Content-Type': 'application/json' };
const marker = \`<!-- botform-plan:\${env} -->\`;
const body = \`\${marker}\\n### Environment \\\`\${env}\\\`\\n\\n\${readFileSync(file, 'utf8')}\`;
const notes = await (await fetch(\`\${api}?per_page=100\`, { headers })).json();
const mine = notes.find((n) => typeof n.body === 'string' && n.body.startsWith(marker));
const res = await fetch(mine ? \`\${api}/\${mine.id}\` : api, { method: mine ? 'PUT' : 'POST', headers, body: JSON.stringify({ body }) });
if (!res.ok) throw new Error(\`GitLab answered \${res.status}\`);
`;
