-- Clips, and models uploaded with a job.
--
-- kind: what content_file holds, 'photo' or 'clip'; a clip's result is a clip (result.mp4), and its
-- finished frames wait in result.mp4.resume/ until it is whole, so a stopped run continues from them.
-- model_file: the generated name, inside the job folder, of a model file uploaded with the job, or NULL.
-- model_name: the client's name for that file, display only.
ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'clip'));
ALTER TABLE jobs ADD COLUMN model_file TEXT;
ALTER TABLE jobs ADD COLUMN model_name TEXT;
