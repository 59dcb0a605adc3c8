"""The peer of dedupe.pop: Splink (DuckDB backend) deduplicating all.csv with the
comparisons and blocking rules of splink_link.py, trained the same way; each record's
best other record above match probability 0.5 (Splink scores each pair once, so both
directions are read). args: data folder, output CSV."""
import sys

import pandas as pd
from splink import DuckDBAPI, Linker, block_on

from splink_link import blocking_rules, comparisons, SettingsCreator

folder, out = sys.argv[1], sys.argv[2]
df = pd.read_csv(f"{folder}/all.csv", skipinitialspace=True, dtype=str).fillna("")
df.replace("", None, inplace=True)
df["unique_id"] = df["rec_id"]

settings = SettingsCreator(link_type="dedupe_only", unique_id_column_name="unique_id", comparisons=comparisons(),
                           blocking_rules_to_generate_predictions=blocking_rules(),
                           retain_intermediate_calculation_columns=False)
linker = Linker(DuckDBAPI().register(df, dataset_display_name="records"), settings)
linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
pairs = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
both = pd.concat([
    pairs[["unique_id_l", "unique_id_r", "match_probability"]].rename(columns={"unique_id_l": "a", "unique_id_r": "b"}),
    pairs[["unique_id_r", "unique_id_l", "match_probability"]].rename(columns={"unique_id_r": "a", "unique_id_l": "b"}),
])
best = both.sort_values("match_probability", ascending=False).drop_duplicates("a")
best.to_csv(out, index=False)
