"""The judgement of one frame: faces, measures, scores and the verdict, the crop guides they
place, and the models and numbers behind them."""
