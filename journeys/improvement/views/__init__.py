"""Pages for journeys: self-evaluation, the LA journey, methodology, region and sector views."""
