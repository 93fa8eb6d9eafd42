// Entry point of the `rung` executable (built to out/node/cli.js): runs the command line and sets the exit code.
import { main } from './main';

// `rung export | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`rung: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
