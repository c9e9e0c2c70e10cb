"""Baselines and anomalies: robust to outliers and gaps, seasonal where history allows, and the
published Tumangang counts replayed (CSIS: ~73 cars against a five-year maximum of ~20)."""

from __future__ import annotations

from datetime import datetime, timedelta

from armstrack.fusion.anomalies import detect_anomalies
from armstrack.fusion.baseline import robust_baseline, series_of

from .worlds import T0, meas


def test_csis_replay_flags_73_cars_unprecedented() -> None:
    counts = [("2018-11-02", 6), ("2019-06-01", 8), ("2020-09-14", 12), ("2021-05-03", 15), ("2022-08-20", 20),
              ("2023-07-10", 11), ("2023-10-05", 73)]
    ms = [meas("tumangang", datetime.fromisoformat(d), v, half=2, method="manual") for d, v in counts]
    anomalies = detect_anomalies(ms)
    assert [a.acquired.date().isoformat() for a in anomalies] == ["2023-10-05"]
    (a,) = anomalies
    assert a.unprecedented
    assert a.value == 73 and a.baseline_median == 11.5
    assert a.score > 5


def test_a_high_count_within_the_record_is_not_unprecedented() -> None:
    values = [5, 30, 6, 7, 5, 6, 28]
    ms = [meas("tumangang", T0 + timedelta(days=3 * i), v) for i, v in enumerate(values)]
    last = detect_anomalies(ms)[-1]
    assert last.acquired == ms[-1].acquired and not last.unprecedented


def test_not_observed_passes_are_skipped_never_zeros() -> None:
    values = [10, None, None, 11, None, 9, 10, None, 11]
    ms = [meas("khasan", T0 + timedelta(days=2 * i), v) for i, v in enumerate(values)]
    points = series_of(ms)[("khasan", ms[0].quantity)]
    assert [p.value.value for p in points] == [10, 11, 9, 10, 11]
    assert detect_anomalies(ms) == []
    baseline = robust_baseline(points, T0 + timedelta(days=30))
    assert baseline is not None and baseline.median == 10


def test_one_outlier_does_not_move_the_baseline() -> None:
    values = [10, 11, 9, 10, 80, 10, 11, 9, 10]
    ms = [meas("khasan", T0 + timedelta(days=3 * i), v) for i, v in enumerate(values)]
    points = series_of(ms)[("khasan", ms[0].quantity)]
    baseline = robust_baseline(points, T0 + timedelta(days=40))
    assert baseline is not None
    assert baseline.median == 10  # a mean would be 17.8
    assert baseline.high < 80


def test_noise_inside_the_interval_is_not_an_anomaly() -> None:
    values = [10, 11, 9, 10, 10, 11]
    ms = [meas("khasan", T0 + timedelta(days=3 * i), v) for i, v in enumerate(values)]
    ms.append(meas("khasan", T0 + timedelta(days=30), 18, half=9))  # 18, but could be 9: uncertain
    assert detect_anomalies(ms) == []
    ms[-1] = meas("khasan", T0 + timedelta(days=30), 18, half=1)
    assert len(detect_anomalies(ms)) == 1


def test_several_sensors_of_one_pass_count_once_with_the_narrowest_interval() -> None:
    at = T0
    ms = [meas("rajin", at, 40, "containers_teu", half=15), meas("rajin", at + timedelta(minutes=5), 44,
                                                                  "containers_teu", half=2)]
    (points,) = series_of(ms).values()
    assert len(points) == 1 and points[0].value.value == 44


def test_seasonal_baseline_where_years_of_history_exist() -> None:
    ms = []
    for day in range(0, 3 * 365, 7):
        at = datetime(2020, 1, 1) + timedelta(days=day)
        summer = 6 <= at.month <= 8
        ms.append(meas("rajin", at, 40 if summer else 10, "containers_teu"))
    summer_day, winter_day = datetime(2023, 7, 15), datetime(2023, 1, 20)
    ms += [meas("rajin", summer_day, 41, "containers_teu"), meas("rajin", winter_day, 41, "containers_teu")]
    flagged = {a.acquired for a in detect_anomalies(ms)}
    assert winter_day in flagged  # 41 in winter is far above the winter baseline
    assert summer_day not in flagged  # ... and usual in summer
    points = series_of(ms)[("rajin", ms[0].quantity)]
    baseline = robust_baseline(points, summer_day)
    assert baseline is not None and baseline.seasonal and baseline.median == 40
