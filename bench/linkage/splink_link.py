"""The peer: Splink (DuckDB backend) linking left.csv to right.csv with the fields and
blocking rules of link.pop (names exchanged blocked by SQL rules), trained as its
documentation links two tables (u by random sampling, m by EM over two blocking
rules); each left record's best link above match probability 0.5.
args: data folder, output CSV."""
import sys

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def comparisons():
    return [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.DamerauLevenshteinAtThresholds("street_number", [1]),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]).configure(term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state"),
    ]


def blocking_rules():
    return [
        block_on("given_name"), block_on("surname"), block_on("date_of_birth"),
        block_on("soc_sec_id"), block_on("postcode"), block_on("address_1"), block_on("suburb"),
        "l.given_name = r.surname", "l.surname = r.given_name",
    ]


if __name__ == "__main__":
    folder, out = sys.argv[1], sys.argv[2]
    read = lambda name: pd.read_csv(f"{folder}/{name}", skipinitialspace=True, dtype=str).fillna("")
    a, b = read("left.csv"), read("right.csv")
    for df in (a, b):
        df.replace("", None, inplace=True)
        df["unique_id"] = df["rec_id"]
    settings = SettingsCreator(link_type="link_only", unique_id_column_name="unique_id", comparisons=comparisons(),
                               blocking_rules_to_generate_predictions=blocking_rules(),
                               retain_intermediate_calculation_columns=False)
    db = DuckDBAPI()
    linker = Linker([db.register(a, dataset_display_name="a"), db.register(b, dataset_display_name="b")], settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    pairs = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    pairs = pairs.sort_values("match_probability", ascending=False)
    best = pairs.drop_duplicates("unique_id_l")
    best[["unique_id_l", "unique_id_r", "match_probability"]].to_csv(out, index=False)
