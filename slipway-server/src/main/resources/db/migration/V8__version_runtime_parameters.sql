-- The load parameters a version's copies are loaded with (the format's runtime reads them).
ALTER TABLE model_versions ADD COLUMN runtime_parameters_json ${text} DEFAULT '{}' NOT NULL;
