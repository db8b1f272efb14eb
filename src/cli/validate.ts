import { CommandModule } from 'yargs';
import { InputError } from '../scenario/errors';
import { loadScenario } from '../scenario/load';

export const validateCommand: CommandModule<object, { files: string[] }> = {
  command: 'validate <files..>',
  describe: 'Check scenario files without running them',
  builder: (y) => y.positional('files', { type: 'string', array: true, demandOption: true }) as never,
  handler: (args) => {
    let bad = 0;
    for (const file of args.files) {
      try {
        const s = loadScenario(file);
        process.stdout.write(`${file}: ok (${s.nodes.length} nodes, ${s.schedule.length} events, ${s.expectations.length} expectations)\n`);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        process.stderr.write(e.message + '\n');
        bad++;
      }
    }
    process.exitCode = bad > 0 ? 2 : 0;
  },
};
