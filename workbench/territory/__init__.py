"""Territories of Pichincha (INEC DPA codes)."""

from workbench.territory.gazetteer import CANTON_CODES, PROVINCE_CODE, gazetteer

__all__ = ["CANTON_CODES", "PROVINCE_CODE", "gazetteer"]
