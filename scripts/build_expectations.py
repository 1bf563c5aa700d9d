"""Write the GX file context in expectations/ from sendpipe.quality.expectation_suites.

Run after changing a suite's definition, and commit what it writes. The context's Data Docs and
validation results go to folders named by SENDPIPE_GX_DATA_DOCS_DIR and SENDPIPE_GX_RESULTS_DIR,
which the pipeline sets at run time (outside the repository).
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import great_expectations as gx

from sendpipe.quality.expectation_suites import build_suite, suite_specs
from sendpipe.quality.gx_validation import DATA_DOCS_SITE, EXPECTATIONS_DIR


def build(project_root: Path) -> None:
    shutil.rmtree(project_root / "gx", ignore_errors=True)
    context = gx.get_context(mode="file", project_root_dir=str(project_root))
    context.variables.progress_bars = {"globally": False}
    context.variables.save()
    for site in list(context.get_site_names()):
        context.delete_data_docs_site(site)
    context.add_data_docs_site(site_name=DATA_DOCS_SITE, site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": "${SENDPIPE_GX_DATA_DOCS_DIR}"},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    source = context.data_sources.add_pandas("sendpipe_warehouse")
    for spec in suite_specs():
        batches = source.add_dataframe_asset(name=spec.name).add_batch_definition_whole_dataframe("batch")
        suite = context.suites.add(build_suite(spec))
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=spec.name, data=batches, suite=suite))
        # No UpdateDataDocsAction: sendpipe.quality.gx_validation builds the docs once per layer,
        # where the action rebuilt the index after every suite.
        context.checkpoints.add(gx.Checkpoint(
            name=spec.name, validation_definitions=[definition], result_format={"result_format": "SUMMARY"}))
    config = project_root / "gx" / "great_expectations.yml"
    text = config.read_text()
    # Validation results are run output: keep them out of the repository.
    text = text.replace("base_directory: uncommitted/validations/", "base_directory: ${SENDPIPE_GX_RESULTS_DIR}")
    config.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project-root", type=Path, default=EXPECTATIONS_DIR)
    build(parser.parse_args().project_root)


if __name__ == "__main__":
    main()
