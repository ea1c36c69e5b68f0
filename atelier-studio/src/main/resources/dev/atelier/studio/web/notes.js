// What a job's run said besides its progress, for people: its warnings (a fall-back to random
// weights, say) and, when a network it used was a random one, a plain note that it was.

/** The networks of a job that were random, as "backbone random-vgg19". */
export function randomNetworks(job) {
  return Object.entries(job.networks || {})
    .filter(([, name]) => String(name).startsWith('random-'))
    .map(([role, name]) => `${role} ${name}`);
}

/** The notes to show for a job: a random network first (unless a warning already says so), then its warnings. */
export function notesOf(job) {
  const warnings = job.warnings || [];
  const notes = [];
  for (const network of randomNetworks(job)) {
    const name = network.split(' ')[1];
    if (!warnings.some((warning) => warning.includes(name))) {
      notes.push(`Painted with random weights (${network}), not trained ones: the picture follows the painting `
        + 'less faithfully.');
    }
  }
  return notes.concat(warnings);
}
