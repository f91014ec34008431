"""The statistics the report's verdicts rest on, against published Student t quantiles and by hand."""
import math

import pytest

from reproduce.stats import mean, regularized_incomplete_beta, std, student_two_sided_p, welch_t_test


@pytest.mark.parametrize("t, df", [(12.706205, 1), (4.302653, 2), (2.776445, 4), (2.228139, 10), (2.042272, 30), (1.959964, 1e7)])
def test_two_sided_p_at_the_tabulated_95_percent_quantiles_is_0_05(t, df):
    assert student_two_sided_p(t, df) == pytest.approx(0.05, abs=1e-6)


@pytest.mark.parametrize("t, df, p", [(3.169273, 10, 0.01), (1.372184, 10, 0.2), (0.0, 5, 1.0)])
def test_two_sided_p_at_other_quantiles(t, df, p):
    assert student_two_sided_p(t, df) == pytest.approx(p, abs=1e-6)


def test_incomplete_beta_has_its_closed_forms():
    # I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b
    for x in (0.01, 0.3, 0.5, 0.97):
        assert regularized_incomplete_beta(x, 1, 1) == pytest.approx(x, rel=1e-12)
        assert regularized_incomplete_beta(x, 3.5, 1) == pytest.approx(x ** 3.5, rel=1e-10)
        assert regularized_incomplete_beta(x, 1, 2.5) == pytest.approx(1 - (1 - x) ** 2.5, rel=1e-10)
    with pytest.raises(ValueError):
        regularized_incomplete_beta(1.5, 1, 1)


def test_welch_by_hand():
    # a: mean 2, variance 1; b: mean 3.5, variance 5/3. t = -1.5 / sqrt(1/3 + 5/12), df by Welch-Satterthwaite.
    t, df, p = welch_t_test([1, 2, 3], [2, 3, 4, 5])
    assert t == pytest.approx(-1.5 / math.sqrt(0.75))
    assert df == pytest.approx(0.75 ** 2 / ((1 / 3) ** 2 / 2 + (5 / 12) ** 2 / 3))
    assert p == pytest.approx(student_two_sided_p(t, df))
    assert 0.1 < p < 0.2


def test_welch_without_spread():
    assert welch_t_test([0.5, 0.5], [0.5, 0.5, 0.5]) == (0.0, 3.0, 1.0)
    t, _, p = welch_t_test([0.6, 0.6], [0.5, 0.5])
    assert t == math.inf and p == 0.0
    with pytest.raises(ValueError):
        welch_t_test([1], [1, 2])


def test_mean_and_sample_std():
    assert mean([1, 2, 3, 4]) == 2.5
    assert std([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(math.sqrt(32 / 7))
    assert std([3]) == 0.0
