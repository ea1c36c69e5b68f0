-- Who runs a job, and what the run said besides its progress.
--
-- owner/lease_until: the studio process that claimed a running job ("host pid tag") and until when its
-- claim holds unless renewed. A starting studio requeues only the jobs of owners that are gone: a
-- process of this machine that no longer runs, or any owner whose lease has run out.
-- warnings: a JSON array of the run's warnings (e.g. a fall-back to random weights), kept with the job.
-- networks: a JSON object of the networks the run used, by role ({"backbone": "random-vgg19"}).
ALTER TABLE jobs ADD COLUMN owner TEXT;
ALTER TABLE jobs ADD COLUMN lease_until TEXT;
ALTER TABLE jobs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE jobs ADD COLUMN networks TEXT NOT NULL DEFAULT '{}';
