// An AI agent's MCP client, the official TypeScript SDK's (the one common agent clients are built on),
// driving `jaudit-kernel.jar mcp` over stdio or Streamable HTTP. Started by test_mcp.py, which starts
// the server (HTTP) or names its command (stdio) and reads each check's outcome from the results file.
//
//   node agent_client.mjs CONFIG.json
//
// CONFIG: {results, modules, checks, server: {command, args, env, cwd} | {url}, work, answer}
//   checks   the names of the checks to run, in order
//   work     a folder: the policy lets cells write in work/allowed only
//   answer   what the client's elicitation handler answers: "once", "deny", "decline", or null for a
//            client that declares no elicitation

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { SECOND, expect, within, recorder, runChecks } from '../drivers/checks.mjs';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const require = createRequire(path.join(config.modules, 'package.json'));
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { ElicitRequestSchema } = require('@modelcontextprotocol/sdk/types.js');

const CELL = 120 * SECOND;
const allowed = path.join(config.work, 'allowed');
const outside = path.join(config.work, 'outside');
const asked = [];

const client = new Client({ name: 'jaudit-test-agent', version: '1.0.0' },
  { capabilities: config.answer === null ? {} : { elicitation: {} } });
if (config.answer !== null) {
  client.setRequestHandler(ElicitRequestSchema, async request => {
    asked.push(request.params);
    return config.answer === 'decline' ? { action: 'decline' }
      : { action: 'accept', content: { decision: config.answer } };
  });
}

const transport = config.server.url
  ? new StreamableHTTPClientTransport(new URL(config.server.url))
  : new StdioClientTransport({ ...config.server, stderr: 'inherit' });

/** Calls a tool; its result, never an exception for an isError result. */
function call(name, args, options = {}) {
  return within(client.callTool({ name, arguments: args }, undefined, { timeout: CELL, ...options }), CELL + SECOND,
    `${name} ${JSON.stringify(args).slice(0, 200)}`);
}

const text = result => result.content.filter(c => c.type === 'text').map(c => c.text).join('\n');
const javaString = s => JSON.stringify(s);

const checks = {
  async tools_listed() {
    const { tools } = await client.listTools();
    const names = tools.map(t => t.name).sort();
    expect(JSON.stringify(names) === JSON.stringify(
      ['audit_log', 'complete', 'inspect', 'interrupt', 'policy', 'restart', 'run_cell']), 'the seven tools', names);
    const run = tools.find(t => t.name === 'run_cell');
    expect(run.inputSchema.required.includes('code') && run.inputSchema.properties.code.type === 'string',
      'run_cell to require a string "code"', run.inputSchema);
  },

  async value_and_state() {
    const first = await call('run_cell', { code: 'int x = 6;' });
    expect(!first.isError && first.structuredContent.status === 'ok', 'a declaration to run', first);
    const value = await call('run_cell', { code: 'x * 7' });
    expect(text(value).includes('42'), 'the value 42', value);
    expect(value.structuredContent.execution_count === first.structuredContent.execution_count + 1,
      'execution counts one apart', [first.structuredContent, value.structuredContent]);
    const printed = await call('run_cell', { code: 'System.out.println("hello from java");' });
    expect(text(printed).includes('hello from java'), 'the printed line', printed);
  },

  async denial_is_structured() {
    const target = path.join(outside, 'x.txt');
    const result = await call('run_cell', {
      code: `import java.nio.file.*;\nFiles.writeString(Path.of(${javaString(target)}), "x");` });
    expect(result.isError === true, 'isError on a denied write', result);
    expect(text(result).includes('Audit: file.write blocked'), 'the denial in the text', text(result));
    const denial = result.structuredContent.denials[0];
    expect(denial && denial.event === 'file.write' && denial.args[0] === target, 'a file.write denial of the target',
      result.structuredContent);
    expect(/\(agent jaudit-test-agent\), line 2/.test(denial.where), 'the agent-marked cell line', denial);
    expect(denial.allow_rule && denial.allow_rule.event === 'file.write', 'the narrowest allow rule', denial);
    expect(!fs.existsSync(target), 'no file written', target);
  },

  async ask_goes_to_the_person() {
    const target = path.join(outside, 'asked.txt');
    const result = await call('run_cell', {
      code: `java.nio.file.Files.writeString(java.nio.file.Path.of(${javaString(target)}), "yes");` });
    if (config.answer === 'once') {
      expect(asked.length === 1 && asked[0].message.includes('file.write'), 'one question naming file.write', asked);
      expect(!result.isError && fs.existsSync(target), 'the write to go ahead on yes', result);
      expect(result.structuredContent.asks[0].decision === 'once', 'the ask recorded', result.structuredContent);
    } else {
      expect(result.isError && !fs.existsSync(target), 'the write denied', result);
      expect(result.structuredContent.asks[0].decision === 'deny', 'the ask recorded as denied',
        result.structuredContent);
      expect(config.answer === null ? asked.length === 0 : asked.length === 1,
        config.answer === null ? 'no question to a client without elicitation' : 'one question', asked);
    }
  },

  async audit_log_and_policy() {
    const log = await call('audit_log', {});
    const records = log.structuredContent.records;
    expect(records.some(r => r.decision === 'denied' && r.event === 'file.write' && /agent/.test(r.origin)),
      'a denied file.write by an agent cell in the audit log', records);
    const since = records[records.length - 1].time;
    const later = await call('audit_log', { since });
    expect(later.structuredContent.records.every(r => r.time > since), 'only later records', later.structuredContent);
    const policy = await call('policy', {});
    expect(JSON.stringify(policy.structuredContent.policy.roots).includes(allowed), 'the allowed folder among the roots',
      policy.structuredContent);
  },

  async progress_reports_the_latest_line() {
    const progress = [];
    const result = await call('run_cell', {
      code: 'for (int i = 1; i <= 4; i++) { System.out.println("step " + i); Thread.sleep(700); }' },
      { onprogress: p => progress.push(p) });
    expect(!result.isError, 'the cell to finish', result);
    expect(progress.some(p => /^step \d$/.test(p.message || '')), 'progress with a printed line', progress);
  },

  async timeout_interrupts() {
    const started = Date.now();
    const result = await call('run_cell', { code: 'long n = 0;\nwhile (true) { n++; }', timeout: 2 });
    expect(result.isError && result.structuredContent.timed_out === true, 'a timed-out error', result);
    expect(text(result).includes('timeout'), 'the timeout said', text(result));
    expect(Date.now() - started < 30 * SECOND, 'the cell stopped soon after the timeout', Date.now() - started);
    const after = await call('run_cell', { code: '1 + 1' });
    expect(text(after).includes('2'), 'the kernel to run the next cell', after);
  },

  async interrupt_tool_stops_a_cell() {
    const running = call('run_cell', { code: 'long m = 0;\nwhile (true) { m++; }' });
    await new Promise(r => setTimeout(r, 3 * SECOND));
    const interrupted = await call('interrupt', {});
    expect(!interrupted.isError, 'interrupt to succeed', interrupted);
    const result = await running;
    expect(result.isError && /interrupt/i.test(text(result)), 'the running cell to end interrupted', result);
  },

  async cancel_interrupts_the_cell() {
    const controller = new AbortController();
    const running = client.callTool({ name: 'run_cell', arguments: { code: 'long c = 0;\nwhile (true) { c++; }' } },
      undefined, { signal: controller.signal, timeout: CELL }).then(r => ({ result: r }), e => ({ error: String(e) }));
    await new Promise(r => setTimeout(r, 3 * SECOND));
    controller.abort('the agent changed its mind');
    const outcome = await within(running, 10 * SECOND, 'the cancelled call');
    expect(outcome.error, 'the call to end as cancelled', outcome);
    const started = Date.now();
    const after = await call('run_cell', { code: '3 + 4' });
    expect(text(after).includes('7') && Date.now() - started < 20 * SECOND,
      'the next cell to run at once: the cancelled one was interrupted', [Date.now() - started, after]);
  },

  async complete_and_inspect() {
    const completions = await call('complete', { code: '"abc".toUpp' });
    expect(completions.structuredContent.matches.some(m => m.startsWith('toUpperCase')), 'toUpperCase', completions);
    const inspected = await call('inspect', { code: 'Math.max' });
    expect(inspected.structuredContent.found && /max/.test(inspected.structuredContent.text), 'Math.max described',
      inspected);
  },

  async bad_input_gets_clear_errors() {
    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} }).then(r => r, e => ({ thrown: e.message }));
    expect(unknown.thrown || unknown.isError, 'an error for an unknown tool', unknown);
    const wrongType = await client.callTool({ name: 'run_cell', arguments: { code: 5 } }).then(r => r, e => ({ thrown: e.message }));
    expect(wrongType.thrown || wrongType.isError, 'an error for a number as code', wrongType);
    const huge = await call('run_cell', { code: '// ' + 'x'.repeat(10 * 1024 * 1024) });
    expect(huge.isError && /KiB/.test(text(huge)), 'a 10 MB cell refused with its size', text(huge).slice(0, 300));
    const still = await call('run_cell', { code: '"still here"' });
    expect(text(still).includes('still here'), 'the server to answer after bad input', still);
  },

  async restart_gives_a_fresh_kernel() {
    await call('run_cell', { code: 'int kept = 1;' });
    const restarted = await call('restart', {});
    expect(!restarted.isError, 'restart to succeed', restarted);
    const gone = await call('run_cell', { code: 'kept' });
    expect(gone.isError && /cannot find symbol|kept/.test(text(gone)), 'the old declaration gone', gone);
  },

  async attached_kernel_is_shared() {
    const shared = await call('run_cell', { code: 'int sharedWithPerson = 7;' });
    expect(!shared.isError, 'a declaration in the shared kernel', shared);
    const restart = await call('restart', {});
    expect(restart.isError && /belongs to/.test(text(restart)), 'restart refused on a kernel not started here', restart);
  },

  async agent_bound_by_kernelspec() {
    const target = path.join(outside, 'agent.txt');
    const denied = await call('run_cell', {
      code: `java.nio.file.Files.writeString(java.nio.file.Path.of(${javaString(target)}), "x");` });
    expect(denied.isError && denied.structuredContent.denials[0]?.event === 'file.write' && !fs.existsSync(target),
      "the kernelspec's agent roots to bound the agent, whatever its --policy says", denied);
    const inside = path.join(allowed, 'agent.txt');
    const written = await call('run_cell', {
      code: `java.nio.file.Files.writeString(java.nio.file.Path.of(${javaString(inside)}), "x");` });
    expect(!written.isError && fs.existsSync(inside), 'a write inside the agent roots', written);
  },

  async wrong_key_reported() {
    const { tools } = await client.listTools();
    expect(tools.length === 7, 'the server up, with its tools', tools);
    const result = await call('run_cell', { code: '1 + 1' });
    expect(result.isError && /did not answer/.test(text(result)) && /key/.test(text(result)),
      "a clear error naming the connection file's key", result);
    const again = await call('complete', { code: 'Str' });
    expect(again.isError && /key/.test(text(again)), 'the same error from every tool, the server alive', again);
  },

  async kernel_death_is_reported() {
    const result = await call('run_cell', { code: 'Runtime.getRuntime().halt(3);' });
    expect(result.isError && /kernel died/.test(text(result)), 'the kernel death said', result);
    const restarted = await call('restart', {});
    expect(!restarted.isError, 'restart after a death', restarted);
    const after = await call('run_cell', { code: '2 + 2' });
    expect(text(after).includes('4'), 'a fresh kernel to run cells', after);
  },
};

const record = recorder(config.results);
try {
  await within(client.connect(transport), 90 * SECOND, 'connect');
  await runChecks(config.checks.map(name => [name, checks[name]]), undefined, record);
} catch (e) {
  record('connect', false, e.stack);
} finally {
  await client.close().catch(() => {});
}
process.exit(0);
