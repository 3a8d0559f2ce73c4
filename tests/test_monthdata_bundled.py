"""The bundled data: it passes our own reader, holds exactly the report's figures, and matches the shared prices."""

import csv
from pathlib import Path

import pytest

from workbooks.monthdata import BUNDLED_DATA, ITEMS, load_mapping, read_month_file, read_month_files

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SHARED_MONTHLY = SHARED / "shfe_monthly_2019_2020.csv"
MONTHS = BUNDLED_DATA / "months"
PRICES = BUNDLED_DATA / "prices" / "shfe_lme_monthly_2019_2020.csv"
AL_PRICES = BUNDLED_DATA / "prices" / "shfe_al_monthly_2019_2020.csv"
DAILY = BUNDLED_DATA / "prices" / "daily"

# Every figure of ../shared/seed/FIGURES.md Tables 1-4, as stored (percentages as fractions).
REPORT_2019_11 = {
    # Table 1 (SMM survey, Jan-Nov 2019)
    ("al", "alumina_output"): 545.5, ("al", "alumina_output_ytd_yoy"): -0.0184,
    ("al", "primary_output"): 293.5, ("al", "primary_output_ytd_yoy"): -0.0214,
    ("al", "primary_output_year_est"): 3544.0,
    ("zn", "refined_output"): 53.08, ("zn", "refined_output_ytd_yoy"): 0.0871, ("zn", "refined_output_year_est"): 584.5,
    ("ni", "cathode_output"): 1.41, ("ni", "cathode_output_ytd_yoy"): 0.0513,
    ("ni", "sulphate_output_ytd_yoy"): 0.2429, ("ni", "npi_output_ytd_yoy"): 0.2903,
    # Table 2 (zinc chain)
    ("zn", "domestic_mine_new_capacity"): 20.0, ("zn", "domestic_mine_new_capacity_next"): 10.0,
    ("zn", "concentrate_output_ytd_yoy"): -0.058, ("zn", "overseas_mine_new_capacity_next"): 64.0,
    ("zn", "overseas_new_supply_next_low"): 30.0, ("zn", "overseas_new_supply_next_high"): 40.0,
    ("zn", "overseas_mine_new_supply"): 57.5, ("zn", "tc_domestic"): 6100.0,
    ("zn", "smelter_profit"): 2000.0, ("zn", "smelter_profit_high"): 3000.0,
    ("zn", "mine_profit_low"): 1500.0, ("zn", "mine_profit_high"): 2000.0, ("zn", "mine_profit_peak_2018"): 10000.0,
    ("zn", "cost_support_quoted"): 16000.0, ("zn", "chain_cost_pre2015"): 14500.0,
    ("zn", "overseas_smelting_restart_low"): 18.0, ("zn", "overseas_smelting_restart_high"): 20.0,
    # Table 3 (nickel chain)
    ("ni", "global_primary_output"): 249.0, ("ni", "supply_increment"): 19.0, ("ni", "demand_increment_max"): 10.0,
    ("ni", "deficit_low"): 2.0, ("ni", "deficit_high"): 3.0, ("ni", "supply_increment_next"): 13.0,
    ("ni", "china_indonesia_share_next"): 0.5, ("ni", "npi_cost_quoted"): 1300.0,
    ("ni", "china_npi_output"): 58.0, ("ni", "china_npi_output_next"): 51.0,
    ("ni", "indonesia_npi_output"): 35.0, ("ni", "indonesia_npi_output_next"): 53.0,
    ("ni", "indonesia_npi_output_growth_next"): 0.51, ("ni", "insg_deficit_next"): 4.0,
    ("ni", "demand_increment_next_low"): 10.0, ("ni", "demand_increment_next_high"): 12.0,
    ("ni", "stainless_output_growth"): 0.09, ("ni", "stainless_output_growth_next"): 0.057,
    ("ni", "stainless_demand_growth_next"): 0.06, ("ni", "stainless_inventory_china"): 60.0,
    # Table 4 (aluminium chain)
    ("al", "alumina_new_capacity"): 250.0, ("al", "alumina_new_capacity_pending"): 620.0,
    ("al", "alumina_new_capacity_planned"): 1000.0, ("al", "full_cost"): 13085.0, ("al", "alumina_cost"): 2474.0,
    ("al", "power_price"): 0.3092, ("al", "spot_price"): 13800.0, ("al", "profit_quoted"): 600.0,
    ("al", "capacity_built"): 4069.0, ("al", "capacity_running"): 3510.0, ("al", "capacity_idle"): 559.0,
    ("al", "operating_rate_quoted"): 0.868, ("al", "consumption_ytd_yoy"): -0.0169,
    ("al", "production_ytd_yoy"): -0.0227, ("al", "new_capacity_ytd"): 199.0, ("al", "new_capacity_year_max"): 230.0,
    ("al", "outlook_production_growth"): 0.025, ("al", "outlook_consumption_growth"): 0.003,
    ("al", "exports"): 43.5, ("al", "exports_yoy"): -0.142,
}
# Table 1's December estimates; nickel sulphate and NPI are "flat" and left out.
REPORT_2019_12 = {("al", "alumina_output"): 572.0, ("al", "primary_output"): 305.0,
                  ("zn", "refined_output"): 53.81, ("ni", "cathode_output"): 1.61}


def test_all_bundled_files_pass_reader_and_validation_together():
    files = sorted(MONTHS.glob("*.csv")) + sorted((BUNDLED_DATA / "prices").glob("*.csv"))
    assert [f.name for f in files] == ["2019-11.csv", "2019-12.csv", "shfe_al_monthly_2019_2020.csv",
                                       "shfe_lme_monthly_2019_2020.csv"]
    obs = read_month_files(files)
    # 312 prices: shared/data/shfe_monthly_2019_2020.csv has 314 rows, less its two low-reliability
    # 2019-04 aluminium 3-month rows (shared/data/README.md, Caveats); 120 SHFE aluminium rows
    # (5 items × 24 months, shared/data/shfe_monthly_al_2019_2020.csv)
    assert len(obs) == len(REPORT_2019_11) + len(REPORT_2019_12) + 312 + 120


def test_november_file_holds_exactly_the_report_figures():
    obs = read_month_file(MONTHS / "2019-11.csv")
    assert {o.month for o in obs} == {"2019-11"}
    assert {(o.metal, o.item): o.value for o in obs} == REPORT_2019_11  # exact floats, e.g. -0.0184
    assert len(obs) == len(REPORT_2019_11)  # one row per figure
    for o in obs:
        assert o.source.startswith("倍特期货《2019年报·锌镍铝》(2019-12-20) §"), o.source
        assert o.unit == ITEMS[o.metal, o.item].unit


def test_november_notes_say_which_period():
    with open(MONTHS / "2019-11.csv", encoding="utf-8-sig", newline="") as f:
        notes = {(r["metal"], r["item"]): r["note"] for r in csv.DictReader(f)}
    assert all(notes.values())
    assert "Sept 2019" in notes["al", "exports"]
    assert "Jan–Oct 2019" in notes["al", "consumption_ytd_yoy"]
    assert "end Oct 2019" in notes["al", "capacity_built"]
    assert "2019 full-year estimate" in notes["al", "primary_output_year_est"]
    assert "lower bound" in notes["al", "profit_quoted"] and "lower bound" in notes["ni", "npi_cost_quoted"]


def test_december_file():
    obs = read_month_file(MONTHS / "2019-12.csv")
    assert {o.month for o in obs} == {"2019-12"}
    assert {(o.metal, o.item): o.value for o in obs} == REPORT_2019_12


def test_prices_file():
    obs = read_month_file(PRICES)
    assert len(obs) == 312
    assert not [o for o in obs if o.metal == "al" and o.item != "lme_cash_avg"]  # no SHFE aluminium, no 3m rows
    for metal in ("zn", "ni"):
        for item in ("shfe_avg", "shfe_close", "shfe_high", "shfe_low", "shfe_settle_avg", "lme_cash_avg"):
            months = [o.month for o in obs if (o.metal, o.item) == (metal, item)]
            assert len(months) == len(set(months)) == 24
    got = {(o.month, o.metal, o.item): o.value for o in obs}
    # spot checks against ../shared/data/shfe_monthly_2019_2020.csv
    assert got["2019-11", "zn", "shfe_avg"] == 18422.9
    assert got["2019-11", "ni", "shfe_close"] == 109330.0
    assert got["2019-11", "al", "lme_cash_avg"] == 1774.79


def source_texts() -> dict[tuple[str, str], tuple[str, str]]:
    """(metal, item) -> (the source text the price files carry, the archive the shared file names), from the
    table "Source texts and archives" of workbooks/data/README.md."""
    readme = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Source texts and archives", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in ("al", "zn", "ni"):
            metal, item, text, archive = cells
            table[metal, item] = (text, archive.split("`")[1])
    return table


def convert_shared(path: Path) -> list[list[str]]:
    """The documented conversion: rename series -> item, the series' source text for the archive it names,
    drop the 2019-04 aluminium 3-month rows."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = source_texts()
    out = [["month", "metal", "item", "value", "unit", "source", "note"]]
    for r in rows:
        if r["series"] in ("shfe_3m_avg", "lme_3m_avg"):
            assert (r["month"], r["metal"]) == ("2019-04", "al")
            continue
        text, archive = texts[r["metal"], r["series"]]
        assert r["source"] == archive, (r["month"], r["metal"], r["series"])  # the README keeps the archive
        out.append([r["month"], r["metal"], r["series"], r["value"], r["unit"], text, r["note"]])
    return out


def test_price_sources_say_what_each_series_is_and_the_archive_stays_in_the_readme():
    # issue 19 item 9: the workbook's source notes name the exchange, the contract and who published the prices;
    # the mirror and its commit are archive details, kept in workbooks/data/README.md
    texts = source_texts()
    assert len(texts) == 18  # hand: 3 metals × (5 SHFE items + lme_cash_avg)
    obs = read_month_files([PRICES, AL_PRICES])
    assert {(o.metal, o.item) for o in obs} == set(texts)
    for o in obs:
        assert o.source == texts[o.metal, o.item][0], (o.month, o.metal, o.item)
    for (metal, item), (text, archive) in texts.items():
        exchange = "SHFE" if item.startswith("shfe_") else "LME"
        name = {"al": "aluminium", "zn": "zinc", "ni": "nickel"}[metal]
        assert text.startswith(f"{exchange} {name} ") and "published by" in text, text
        assert not any(detail in text for detail in ("github:", "mirror", "snapshot", ".js", ".xls", "PALUM")), text
        assert archive.startswith("github:") and "@" in archive, archive
    assert texts["al", "shfe_avg"][0] == ("SHFE aluminium main continuous contract (AL0), monthly mean of daily "
                                          "closes; daily quotes published by SHFE, via Sina Finance")
    assert texts["ni", "lme_cash_avg"][0].startswith("LME nickel melting grade cash (spot) price")


@pytest.mark.skipif(not SHARED_MONTHLY.exists(), reason="../shared/data not present")
def test_prices_file_is_the_shared_file_converted():
    with open(PRICES, encoding="utf-8-sig", newline="") as f:
        bundled = list(csv.reader(f))
    assert bundled == convert_shared(SHARED_MONTHLY)


def test_aluminium_prices_file():
    obs = read_month_file(AL_PRICES)
    assert len(obs) == 120 and {o.metal for o in obs} == {"al"}
    for item in ("shfe_avg", "shfe_close", "shfe_high", "shfe_low", "shfe_settle_avg"):
        months = [o.month for o in obs if o.item == item]
        assert len(months) == len(set(months)) == 24
    got = {(o.month, o.item): o.value for o in obs}
    # spot checks against ../shared/data/shfe_monthly_al_2019_2020.csv
    assert got["2019-12", "shfe_close"] == 14110.0  # the close of 2019-12-31
    assert got["2020-03", "shfe_avg"] == 12426.6
    assert got["2020-12", "shfe_close"] == 15460.0


def test_daily_aluminium_closes_recompute_the_monthly_figures():
    # shared/data/README.md: shfe_avg is the mean of the month's daily closes, shfe_close the last one
    with open(DAILY / "shfe_daily_al_2019_2020.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["date"].startswith("2020-03")]
    closes = [float(r["close"]) for r in rows]
    got = {(o.month, o.item): o.value for o in read_month_file(AL_PRICES)}
    assert round(sum(closes) / len(closes), 1) == got["2020-03", "shfe_avg"] == 12426.6
    assert closes[-1] == got["2020-03", "shfe_close"] == 11590.0


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data not present")
def test_aluminium_prices_are_the_shared_file_converted_and_the_daily_files_copied():
    with open(AL_PRICES, encoding="utf-8-sig", newline="") as f:
        bundled = list(csv.reader(f))
    assert bundled == convert_shared(SHARED / "shfe_monthly_al_2019_2020.csv")
    for name in ("shfe_daily_al_2019_2020.csv", "shfe_daily_zn_ni_2019_2020.csv"):
        assert (DAILY / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_wind_example_mapping_is_valid():
    columns = load_mapping(BUNDLED_DATA / "mappings" / "wind_example.csv")
    assert len(columns) == 12
    assert {(c.metal, c.item) for c in columns.values()} <= set(ITEMS)


def test_readme_describes_every_bundled_file():
    readme = (BUNDLED_DATA / "README.md").read_text(encoding="utf-8")
    for path in BUNDLED_DATA.rglob("*.csv"):
        assert str(path.relative_to(BUNDLED_DATA)) in readme, path
    assert "Never derive SHFE Al from LME" in readme and "2019-04" in readme
