"""Identifier detectors: one small module per family, all behind the :class:`~voices.anonymise.spans.Detector`
protocol, listed by name in :data:`REGISTRY` (the one explicit place; nothing registers itself on import).

Example:
    >>> list(REGISTRY)[:3]
    ['voices.anonymise.email', 'voices.anonymise.url', 'voices.anonymise.handle']
    >>> t = "Call 07700 900123 or email a.b@example.org"
    >>> sorted({s.label for spans in detect_all([t]) for s in spans})
    ['EMAIL', 'PHONE', 'REFERENCE_NUMBER']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from voices.anonymise.identifiers.addresses import AddressDetector
from voices.anonymise.identifiers.ages import AgeDetector
from voices.anonymise.identifiers.banking import BankingDetector
from voices.anonymise.identifiers.contact import EmailDetector, HandleDetector, IpAddressDetector, UrlDetector
from voices.anonymise.identifiers.dates import DateOfBirthDetector
from voices.anonymise.identifiers.government import DrivingLicenceDetector, HealthNumberDetector, NinoDetector
from voices.anonymise.identifiers.pattern import DetectorSuite
from voices.anonymise.identifiers.phones import PhoneDetector
from voices.anonymise.identifiers.postcodes import PostcodeDetector
from voices.anonymise.identifiers.quasi import QuasiDetector
from voices.anonymise.identifiers.references import ReferenceDetector
from voices.anonymise.identifiers.vehicles import VehicleDetector
from voices.anonymise.spans import DetectContext, Detector, Span
from voices.errors import VoicesError

#: Every built-in identifier detector by registered name, in the order the engine runs them.
REGISTRY: dict[str, type] = {
    cls.name: cls
    for cls in (
        EmailDetector,
        UrlDetector,
        HandleDetector,
        IpAddressDetector,
        PhoneDetector,
        PostcodeDetector,
        NinoDetector,
        HealthNumberDetector,
        DrivingLicenceDetector,
        BankingDetector,
        VehicleDetector,
        DateOfBirthDetector,
        AgeDetector,
        AddressDetector,
        ReferenceDetector,
        QuasiDetector,
    )
}


def default_detectors(*, exclude: Iterable[str] = ()) -> list[Detector]:
    """Every registered identifier detector (minus the names in ``exclude``), as one :class:`DetectorSuite`.

    The suite shares per-text work between the families; each span still names the family that found it.

    Raises:
        VoicesError: a name in ``exclude`` is not registered.
    """
    skip = set(exclude)
    unknown = skip - set(REGISTRY)
    if unknown:
        raise VoicesError(
            f"Unknown identifier detector(s) {sorted(unknown)}: expected names from {sorted(REGISTRY)}. "
            "Fix: correct the spelling."
        )
    return [DetectorSuite([cls() for name, cls in REGISTRY.items() if name not in skip])]


def detect_all(
    texts: Sequence[str], context: DetectContext | None = None, detectors: Sequence[Detector] | None = None
) -> list[list[Span]]:
    """Run every identifier detector over ``texts``; per text, all spans (unmerged) in detector order."""
    out: list[list[Span]] = [[] for _ in texts]
    for det in detectors if detectors is not None else default_detectors():
        for i, spans in enumerate(det.detect(texts, context)):
            out[i].extend(spans)
    return out


__all__ = ["REGISTRY", "default_detectors", "detect_all"]
