"""Workshop series: the 2016 LGA regional workshops that seed Journeys' priorities and networks."""
