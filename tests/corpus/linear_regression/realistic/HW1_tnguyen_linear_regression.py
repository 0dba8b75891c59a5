#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""
Homework 1 -- Linear Regression
Student: Thanh Nguyen
"""

import numpy as np

DEBUG = False


def predict(X, w, b):
    """f(X) = X @ w + b"""
    predictions = np.dot(X, w) + b
    # print("predictions shape:", predictions.shape)
    return predictions


def mse_loss(X, y, w, b):
    """mean of squared residuals"""
    predictions = predict(X, w, b)
    residuals = predictions - y
    squared = residuals ** 2
    loss = np.mean(squared)
    # print("loss =", loss)
    return float(loss)


def mse_gradients(X, y, w, b):
    """gradient of the MSE, computed sample by sample"""
    number_of_samples = X.shape[0]
    number_of_features = X.shape[1]

    gradient_w = np.zeros(number_of_features)
    gradient_b = 0.0

    for sample_index in range(number_of_samples):
        x_sample = X[sample_index]
        y_sample = y[sample_index]
        residual = np.dot(x_sample, w) + b - y_sample
        # d/dw of residual^2 = 2 * residual * x
        gradient_w = 2 * residual * x_sample
        # d/db of residual^2 = 2 * residual
        gradient_b += 2 * residual
        # print(sample_index, residual, gradient_w, gradient_b)

    gradient_w = gradient_w / number_of_samples
    gradient_b = gradient_b / number_of_samples

    if DEBUG:
        print("dw:", gradient_w, "db:", gradient_b)
    return gradient_w, float(gradient_b)


def gradient_descent(X, y, lr, epochs, w0=None, b0=0.0):
    """full batch gradient descent"""
    if w0 is None:
        weights = np.zeros(X.shape[1])
    else:
        weights = np.copy(w0).astype(float)
    bias = float(b0)

    losses = []
    losses.append(mse_loss(X, y, weights, bias))

    for epoch in range(epochs):
        gradient_w, gradient_b = mse_gradients(X, y, weights, bias)
        weights = weights - lr * gradient_w
        bias = bias - lr * gradient_b
        current_loss = mse_loss(X, y, weights, bias)
        losses.append(current_loss)
        # if epoch % 10 == 0:
        #     print("epoch", epoch, "loss", current_loss)

    return weights, bias, losses


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    """stochastic gradient descent, one sample at a time"""
    number_of_samples, number_of_features = X.shape
    if w0 is None:
        weights = np.zeros(number_of_features)
    else:
        weights = np.copy(w0).astype(float)
    bias = float(b0)

    losses = [mse_loss(X, y, weights, bias)]

    for epoch in range(epochs):
        order = rng.permutation(number_of_samples)
        for sample_index in order:
            x_sample = X[sample_index]
            residual = np.dot(x_sample, weights) + bias - y[sample_index]
            weights = weights - lr * 2 * residual * x_sample
            bias = bias - lr * 2 * residual
        losses.append(mse_loss(X, y, weights, bias))
        # print("epoch", epoch, losses[-1])

    return weights, bias, losses


def polynomial_features(x, degree):
    """columns x, x^2, ..., x^degree"""
    columns = []
    for power in range(1, degree + 1):
        columns.append(x ** power)
    features = np.array(columns).T
    # print(features.shape)
    return features


def standardize(X):
    """zero mean, unit std per column"""
    mean = np.mean(X, axis=0)
    std = np.std(X, axis=0)
    for j in range(len(std)):
        if std[j] == 0:
            std[j] = 1
    X_std = (X - mean) / std
    return X_std, mean, std


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    X = rng.normal(size=(20, 3))
    y = X @ np.array([1.0, 2.0, -1.0]) + 0.5
    w, b, losses = gradient_descent(X, y, 0.1, 100)
    print("final loss", losses[-1])
