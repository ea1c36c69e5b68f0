package dev.atelier.loss;

/** A loss term and the weight it enters the total with (α, β or γ). */
public record WeightedTerm(LossTerm term, double weight) {}
