// JupyterLab 4's own kernel client (@jupyterlab/services, the code behind every JupyterLab 4 and
// Notebook 7 page) in Node, talking to jaudit through a Jupyter server's REST API and websockets.
// Started by test_lab_client.py, which owns the server.
//
//   node lab_client.mjs CONFIG.json
//
// CONFIG: {base, token, kernel, askKernel, outside, results, modules}
//   kernel     the kernelspec under test (its default policy)
//   askKernel  a kernelspec whose policy is {"roots": ["."], "ask": "host"}
//   outside    a folder outside that kernel's roots, for the files the ask checks write
//   modules    the folder whose node_modules holds @jupyterlab/services and ws
// Each check's outcome goes to `results` ({name: {ok, message}}) as soon as it is known.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { SECOND, expect, within, recorder, runChecks } from '../drivers/checks.mjs';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const require = createRequire(path.join(config.modules, 'package.json'));
const { ServerConnection, KernelManager, CommsOverSubshells } = require('@jupyterlab/services');
const WebSocket = require('ws');

const KERNEL_START = 120 * SECOND;
const CELL = 60 * SECOND;
const SPIN = 'long spins = 0;\nwhile (true) { spins++; }';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Runs a cell through the client's own requestExecute; its reply content and its iopub messages. */
function start(kernel, code, metadata) {
  const outputs = [];
  const future = kernel.requestExecute({ code, stop_on_error: true, allow_stdin: false }, false, metadata);
  let started;
  const running = new Promise(resolve => { started = resolve; });
  future.onIOPub = msg => {
    outputs.push(msg);
    if (msg.header.msg_type === 'execute_input') started();
  };
  const done = within(future.done, CELL, code).then(reply => {
    future.dispose();
    return { reply: reply.content, outputs, parent: reply.parent_header };
  });
  return { running, done };
}

async function run(kernel, code, metadata) {
  return start(kernel, code, metadata).done;
}

function resultOf(ran) {
  const result = ran.outputs.find(m => m.header.msg_type === 'execute_result');
  return result ? result.content.data['text/plain'] : undefined;
}

async function value(kernel, code) {
  const ran = await run(kernel, code);
  expect(ran.reply.status === 'ok', `${code} to run`, ran.reply);
  return resultOf(ran);
}

async function createSubshell(kernel) {
  const reply = await within(kernel.requestCreateSubshell({}).done, CELL, 'create_subshell');
  return reply.content.subshell_id;
}

async function listSubshells(kernel) {
  return (await within(kernel.requestListSubshell({}).done, CELL, 'list_subshell')).content.subshell_id;
}

/** The host's side of `ask: "host"`, as a JupyterLab extension writes it: a comm and comm.send. */
function answerQuestions(kernel, decide) {
  const comm = kernel.createComm('jaudit.audit');
  const asked = [];
  comm.onMsg = msg => {
    const question = msg.content.data && msg.content.data.ask;
    if (question) {
      asked.push(question);
      comm.send({ answer: { id: question.id, decision: decide(question) } });
    }
  };
  comm.open({});
  return { comm, asked };
}

const checks = [
  ['kernel_info', async ({ kernel }) => {
    const info = (await kernel.info);
    expect(info.protocol_version === '5.5', 'protocol_version 5.5', info);
    expect(kernel.supportsSubshells, 'the client to see kernel subshells offered', info.supported_features);
  }],
  ['subshell_reads_progress', async ({ kernel }) => {
    await value(kernel, 'long labCounter = 0;\nvar labGate = new java.util.concurrent.CountDownLatch(1);\n1');
    const main = start(kernel, 'while (labGate.getCount() > 0) { labCounter++; Thread.sleep(2); }\n"main done"');
    await within(main.running, CELL, 'the main cell to start');
    const id = await createSubshell(kernel);
    // As JupyterLab's subshell console connects: a second connection to the same kernel.
    const sub = kernel.clone({ subshellId: id });
    try {
      await within(sub.info, KERNEL_START, 'the subshell connection');
      const first = Number(await value(sub, 'labCounter'));
      await sleep(300);
      const second = Number(await value(sub, 'labCounter'));
      expect(first > 0 && second > first, 'a rising counter read from the subshell', { first, second });
      const counted = await run(sub, 'labGate.countDown();\nSystem.out.println("released");');
      expect(counted.parent.subshell_id === id, 'the reply to name the subshell', counted.parent);
      const ended = await main.done;
      expect(resultOf(ended) === '"main done"', 'the main cell to end once released', ended);
      expect(await value(kernel, 'labCounter > 0') === 'true', 'the main shell to see the count', null);
    } finally {
      sub.dispose();
    }
  }],
  ['subshell_declarations_reach_the_main_shell', async ({ kernel }) => {
    const sub = kernel.clone({ subshellId: await createSubshell(kernel) });
    try {
      await within(sub.info, KERNEL_START, 'the subshell connection');
      await value(sub, 'int labTwice(int x) { return 2 * x; }\n1');
      expect(await value(kernel, 'labTwice(21)') === '42', 'the main shell to call the subshell\'s method', null);
    } finally {
      sub.dispose();
    }
  }],
  ['subshell_delete', async ({ kernel }) => {
    const id = await createSubshell(kernel);
    expect((await listSubshells(kernel)).includes(id), 'the new subshell listed', await listSubshells(kernel));
    const deleted = await within(kernel.requestDeleteSubshell({ subshell_id: id }).done, CELL, 'delete_subshell');
    expect(deleted.content.status === 'ok', 'the delete to succeed', deleted.content);
    expect(!(await listSubshells(kernel)).includes(id), 'the subshell gone', await listSubshells(kernel));
  }],
  ['interrupt', async ({ kernel }) => {
    const spin = start(kernel, SPIN);
    await within(spin.running, CELL, 'the loop to start');
    await kernel.interrupt();
    const ended = await spin.done;
    expect(ended.reply.status === 'error' && ended.reply.ename === 'jaudit.instrument.CellInterruptedError',
      'the loop to end interrupted', ended.reply);
    expect(await value(kernel, '1 + 1') === '2', 'the next cell to run', null);
  }],
  ['ask_host_with_comms_over_subshells', async ({ askKernel }) => {
    await askWithComm(askKernel, CommsOverSubshells.PerCommTarget, 'over-subshell');
  }],
  ['ask_host_with_comms_on_shell', async ({ askKernel }) => {
    await askWithComm(askKernel, CommsOverSubshells.Disabled, 'on-shell');
  }],
  ['restart', async ({ kernel }) => {
    await createSubshell(kernel);
    await within(kernel.restart(), KERNEL_START, 'the restart');
    await within(kernel.info, KERNEL_START, 'kernel_info after the restart');
    expect(await value(kernel, '1 + 1') === '2', '1 + 1 after the restart', null);
    expect((await listSubshells(kernel)).length === 0, 'no subshell after the restart', await listSubshells(kernel));
  }],
];

async function askWithComm(kernel, mode, tag) {
  kernel.commsOverSubshells = mode;
  const allowed = path.join(config.outside, `allowed-${tag}.txt`);
  const denied = path.join(config.outside, `denied-${tag}.txt`);
  const { comm, asked } = answerQuestions(kernel, q => (q.args[0] === allowed ? 'once' : 'deny'));
  try {
    if (mode !== CommsOverSubshells.Disabled) {
      await within(comm.subshellStarted, CELL, 'the comm\'s subshell');
      expect(comm.subshellId !== null, 'the comm to run on a subshell', comm.subshellId);
    }
    const yes = await run(kernel, `Files.writeString(Path.of(${JSON.stringify(allowed)}), "x");`);
    expect(yes.reply.status === 'ok' && fs.existsSync(allowed), `${allowed} written after the host said once`, yes);
    const no = await run(kernel, `Files.writeString(Path.of(${JSON.stringify(denied)}), "x");`);
    expect(no.reply.status === 'error' && no.reply.evalue.includes('Audit: file.write blocked')
      && !fs.existsSync(denied), `${denied} refused after the host said deny`, no.reply);
    expect(asked.length === 2 && asked.every(q => q.event === 'file.write'), 'two file.write questions', asked);
  } finally {
    comm.close();
  }
}

const record = recorder(config.results);

const serverSettings = ServerConnection.makeSettings({
  baseUrl: config.base, wsUrl: config.base.replace(/^http/, 'ws'), token: config.token, appendToken: true,
  WebSocket, fetch, Request, Headers,
});
const manager = new KernelManager({ serverSettings });
let kernel, askKernel;
try {
  await manager.ready;
  kernel = await manager.startNew({ name: config.kernel });
  askKernel = await manager.startNew({ name: config.askKernel });
  await within(kernel.info, KERNEL_START, `kernel ${config.kernel}`);
  await within(askKernel.info, KERNEL_START, `kernel ${config.askKernel}`);
} catch (e) {
  for (const [name] of checks) record(name, false, `expected the kernels to start: ${e.stack || e}`);
  process.exit(0);
}
await runChecks(checks, { kernel, askKernel }, record);
await kernel.shutdown().catch(() => {});
await askKernel.shutdown().catch(() => {});
manager.dispose();
process.exit(0);
