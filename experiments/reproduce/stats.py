"""Means, standard deviations and Welch's two-sample t-test, with the Student t distribution
computed here (regularised incomplete beta, Lentz's continued fraction) so the report needs no SciPy."""
import math


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def std(values):
    """Sample standard deviation (n - 1); 0 for a single value."""
    values = list(values)
    if len(values) < 2:
        return 0.0
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def welch_t_test(a, b):
    """(t, degrees of freedom, two-sided p) of Welch's test that a and b have the same mean.
    Equal samples with no spread give t = 0, p = 1 rather than a division by zero."""
    a, b = list(a), list(b)
    if len(a) < 2 or len(b) < 2:
        raise ValueError("a t-test needs at least two values on each side")
    va, vb = std(a) ** 2 / len(a), std(b) ** 2 / len(b)
    difference = mean(a) - mean(b)
    if va + vb == 0:
        return (0.0, float(len(a) + len(b) - 2), 1.0) if difference == 0 else (math.copysign(math.inf, difference), float(len(a) + len(b) - 2), 0.0)
    t = difference / math.sqrt(va + vb)
    df = (va + vb) ** 2 / ((va ** 2 / (len(a) - 1) if va else 0) + (vb ** 2 / (len(b) - 1) if vb else 0))
    return t, df, student_two_sided_p(t, df)


def student_two_sided_p(t, df):
    """P(|T| >= |t|) for Student's t with df degrees of freedom: I_{df/(df+t^2)}(df/2, 1/2)."""
    if math.isinf(t):
        return 0.0
    return regularized_incomplete_beta(df / (df + t * t), df / 2, 0.5)


def regularized_incomplete_beta(x, a, b):
    if not 0 <= x <= 1:
        raise ValueError(f"x = {x} is outside [0, 1]")
    if x in (0, 1):
        return float(x)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    # The continued fraction converges fast only below the mean; use the symmetry above it.
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1 - math.exp(log_front) * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x, a, b, iterations=300, epsilon=1e-15):
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, iterations + 1):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1) < epsilon:
            break
    return result
