"""Segmentation, keywords and MinHash: plain functions, no database."""

from __future__ import annotations

from huajie.similarity import minhash, text

from .factories import OIL_SMOKE, OIL_SMOKE_AGAIN, WAGES


def test_custom_words_stay_whole_and_stop_words_go():
    words = text.words("A5区劳动东路魅力之城小区油烟扰民，请相关部门处理。")
    assert "魅力之城" in words
    assert "相关部门" not in words and "请" not in words
    assert "a5" in words  # an anonymised place code is cut off from the next word


def test_keywords_lead_with_the_matter_and_skip_codes_and_numbers():
    analysis = text.analyse(*OIL_SMOKE)
    top = [word for word, _ in analysis.keywords[:5]]
    assert "魅力之城" in top and "油烟" in top
    assert all(text.is_keyword(word) for word, _ in analysis.keywords)
    assert not text.is_keyword("a5") and not text.is_keyword("2019") and text.is_keyword("etc")


def test_minhash_estimates_jaccard_and_finds_near_duplicates_in_a_shared_bucket():
    a, b, c = (text.analyse(*pair).shingles for pair in (OIL_SMOKE, OIL_SMOKE_AGAIN, WAGES))
    sa, sb, sc = (minhash.signature(s) for s in (a, b, c))
    exact = len(a & b) / len(a | b)
    assert abs(minhash.similarity(sa, sb) - exact) < 0.2
    assert minhash.similarity(sa, sb) >= 0.5 > minhash.similarity(sa, sc)
    assert set(minhash.buckets(sa)) & set(minhash.buckets(sb))
    assert not set(minhash.buckets(sa)) & set(minhash.buckets(sc))


def test_signature_round_trips_and_is_stable_across_processes():
    sig = minhash.signature({"魅力之城", "油烟"})
    assert (minhash.from_bytes(minhash.to_bytes(sig)) == sig).all()
    # Stored signatures must not depend on Python's per-process string hashing.
    assert minhash.word_hash("魅力之城") == 9186597475373920406


def test_empty_text_has_no_buckets_and_no_similarity():
    empty = minhash.signature(set())
    assert minhash.buckets(empty) == []
    assert minhash.similarity(empty, empty) == 0.0


def test_candidate_probability_is_the_s_curve_of_the_decision_record():
    assert minhash.candidate_probability(0.8) > 0.99
    assert 0.6 < minhash.candidate_probability(0.5) < 0.7
    assert minhash.candidate_probability(0.1) < 0.002
