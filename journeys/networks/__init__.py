"""Regional networks of improvement: proposals of small groups of LAs around common challenges."""
